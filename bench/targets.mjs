// The targets of issues 12 and 14, each with its measured value (the median over the runs, with min–max)
// and PASS / MISS on the median. A benchmark, not a test: a MISS never fails the run. The targets over
// "every loss" at a size take the losses measured there (the embedding losses only at N=10^4, D=128).
import { ratioOf, spread } from './aggregate.mjs';
import { LOSSES, SHAPES } from './cases.mjs';
import { fmt } from './report.mjs';

const FB = 'forward+backward';
const MiB = 2 ** 20;
const apiName = (key) => LOSSES.find((l) => l.key === key).api;
const find = (cases, loss, label) => cases.find((c) => c.loss === loss && c.shape.label === label && c.mode === FB);

/** The sizes, as shape labels, from `label` up (the N=1,C=10 call excluded). */
function labelsFrom(label) {
  const sized = SHAPES.filter((s) => s.label !== 'N=1,C=10');
  return sized.slice(sized.findIndex((s) => s.label === label)).map((s) => s.label);
}

// Of [{ loss, value: spread }], the one with the highest (or lowest) median.
function worstOf(entries, highest) {
  const measured = entries.filter((e) => e.value);
  if (!measured.length) return null;
  return measured.reduce((a, b) => ((highest ? b.value.median > a.value.median : b.value.median < a.value.median) ? b : a));
}

// Why a target can be missed, and what would close it. Each is printed only beside a MISS, with the numbers
// the run measured in the table above it.
const WHY = {
  copies: 'At these sizes the kernels stream memory (each input read once, each result written once), and the ' +
    'copying API moves every input into module memory and every result out of it: at least as many bytes again as ' +
    'the kernel, at copy speed. With fresh result arrays it also pays this machine\'s first touch of new memory (the ' +
    'sentence above the table). Closing it: not on the copying path, since WebAssembly code reads only its own ' +
    'memory and a JS array must be copied in; the zero-copy tier (`ml.alloc`) is the route to kernel speed.',
  freshArrays: 'Measured through the API with fresh result arrays: the 10⁶-value gradient is new memory every call, ' +
    'whose first touch costs this machine more than the whole kernel (the sentence above the table); the same call ' +
    'with a reused `options.out` is in the detail. Closing it: reuse `options.out`, as a training loop does.',
  fixedCost: 'On a few elements the kernel is a small part of a call: the rest is the binding checking every ' +
    'argument (option names, dtypes, shape, lengths, detached buffers, label convention), laying the arrays out in ' +
    'module memory and making the result arrays. Reusing one Call object per API object took the allocations of ' +
    'the bookkeeping out. Closing it: a prepared call that checks shapes and options once and then only copies ' +
    'and calls (not built).',
  baseline: 'The baseline build runs the SIMD build\'s vector code on four (two) scalar lanes, so that the two builds ' +
    'agree bit for bit (a tested guarantee), with lane bookkeeping a plain loop does not have; its column is the ' +
    'API with fresh result arrays, so it also pays the first touch of new memory. Closing it: a scalar kernel ' +
    'per loss for the baseline build, which would end the bit-identity between builds.',
};

/**
 * cases: the summarised cases; memory: the memory probe's result (memory-probe.mjs) or null.
 * Returns [{ name, value: { median, min, max } | null, unit, needed, verdict, detail? }].
 */
export function evaluateTargets(cases, memory) {
  const targets = [];
  // `why`: for a miss, what keeps the target out of reach and what would close it (the README prints it).
  const add = (name, value, unit, needed, pass, detail, why = null) => {
    const verdict = !value || !Number.isFinite(value.median) ? 'NOT MEASURED' : pass(value.median) ? 'PASS' : 'MISS';
    targets.push({ name, value, unit, needed, verdict, ...(detail ? { detail } : {}), ...(why ? { why } : {}) });
  };

  // 1. The logistic losses at 10^6 through the API with a reused options.out, against each competitor.
  for (const key of ['softMargin', 'bceWithLogits']) {
    const c = find(cases, key, '10^6');
    const api = c?.results['ml-simd-out'] ? 'ml-simd-out' : 'ml-simd';
    const how = api === 'ml-simd-out' ? 'API with a reused options.out' : 'API (options.out with typed arrays not measured)';
    for (const [id, what, times] of [['js-tight', 'tight Math.exp JS loop', 7], ['js-poly', 'polynomial JS loop', 3],
      ['tfjs-wasm', 'tfjs-wasm idiomatic', 8], ['tfjs-wasm-expert', 'tfjs-wasm expert', 3.5]]) {
      add(`${apiName(key)} 10^6: ${how} vs ${what}`, c ? ratioOf(c, id, api) : null, '×', `≥ ${times}×`, (v) => v >= times);
    }
  }

  // 2. What the copies cost: API ÷ zero-copy, every loss (the detail: the same with a reused options.out).
  for (const label of ['10^6', '10^7']) {
    const entries = (api) => LOSSES.map((l) => {
      const c = find(cases, l.key, label);
      return { loss: l.key, value: c ? ratioOf(c, api, 'ml-simd-zerocopy') : null };
    });
    const worst = worstOf(entries('ml-simd'), true);
    const over = entries('ml-simd').filter((e) => e.value && e.value.median > 1.3).map((e) => apiName(e.loss));
    const withOut = worstOf(entries('ml-simd-out'), true);
    const detail = [over.length ? `above 1.3: ${over.join(', ')}` : null,
      withOut ? `with a reused options.out, worst ${fmt(withOut.value.median)}× (${apiName(withOut.loss)})` : null];
    add(`API ÷ zero-copy at ${label}, every loss (worst: ${worst ? apiName(worst.loss) : '—'})`, worst?.value ?? null, '×',
      '≤ 1.3×', (v) => v <= 1.3, detail.filter(Boolean).join('; ') || null, WHY.copies);
  }

  // 3. The class-dimension losses against the tight JS loop.
  for (const [key, times] of [['crossEntropy', 6], ['multiMargin', 5]]) {
    const c = find(cases, key, '10^6');
    const withOut = c ? ratioOf(c, 'js-tight', 'ml-simd-out') : null;
    add(`${apiName(key)} N=10^4 C=100: API vs tight JS loop`, c ? ratioOf(c, 'js-tight', 'ml-simd') : null, '×',
      `≥ ${times}×`, (v) => v >= times, withOut ? `with a reused options.out: ${fmt(withOut.median)}×` : null, WHY.freshArrays);
  }

  // 4. The fixed cost of one call.
  {
    const entries = LOSSES.map((l) => {
      const c = find(cases, l.key, 'N=1,C=10');
      const r = c?.results['ml-simd'];
      return { loss: l.key, value: r ? spread(r.runs.map((ns) => ns / 1000)) : null };
    });
    const worst = worstOf(entries, true);
    add(`one call on N=1 C=10, every loss: API median (worst: ${worst ? apiName(worst.loss) : '—'})`, worst?.value ?? null,
      ' µs', '≤ 0.35 µs', (v) => v <= 0.35, null, WHY.fixedCost);
  }

  // 5. Where the API overtakes the tight JS loop, for the losses measured at the small sizes.
  {
    const from = labelsFrom('n=64');
    const entries = LOSSES.filter((l) => find(cases, l.key, 'n=64')).map((l) => {
      const ratios = from.map((label) => ({ label, value: ratioOf(find(cases, l.key, label) ?? { runs: [] }, 'js-tight', 'ml-simd') }));
      const lowest = worstOf(ratios, false);
      return { loss: l.key, value: lowest?.value ?? null, at: lowest?.label };
    });
    const worst = worstOf(entries, false);
    const where = `from: ${crossovers(cases, 'ml-simd')}; with a reused options.out: ${crossovers(cases, 'ml-simd-out') || 'not measured'}`;
    add(`API faster than the tight JS loop from n=64 up, every loss (worst: ${worst ? `${apiName(worst.loss)} at ${worst.at}` : '—'})`,
      worst?.value ?? null, '×', '> 1×', (v) => v > 1, where, WHY.fixedCost);
  }

  // 6. Module memory.
  add('module memory after a copying call of 10^7 elements of every loss', memory ? spread([memory.afterLargest / MiB]) : null,
    ' MiB', '≤ 16 MiB', (v) => v <= 16);
  add(`module memory growth over ${memory?.calls ?? 'many'} copying calls of mixed sizes`,
    memory ? spread([(memory.afterMixed - memory.beforeMixed) / MiB]) : null, ' MiB', '0 MiB', (v) => v <= 0);

  // 7. The baseline build against the tight JS loop, on fresh inputs.
  {
    const from = labelsFrom('10^4');
    const entries = cases.filter((c) => c.mode === FB && from.includes(c.shape.label))
      .map((c) => ({ loss: c.loss, label: c.shape.label, value: ratioOf(c, 'ml-baseline', 'js-tight') }));
    const worst = worstOf(entries, true);
    const slower = entries.filter((e) => e.value && e.value.median > 1).map((e) => `${apiName(e.loss)} ${e.label}`);
    add(`baseline build never slower than the tight JS loop from 10^4 up: baseline time ÷ JS time (worst: ${worst ? `${apiName(worst.loss)} ${worst.label}` : '—'})`,
      worst?.value ?? null, '×', '≤ 1×', (v) => v <= 1, slower.length ? `slower: ${slower.join(', ')}` : null, WHY.baseline);
  }

  // 8. Issue 14: the embedding losses at N = 10^4, D = 128 against tfjs-wasm idiomatic (their formulas in tf
  // ops, tf.valueAndGrads), through the API with a reused options.out as in 1; and the WASM kernel against
  // the same 128-bit C compiled natively (SSE4.1).
  for (const key of ['cosineEmbedding', 'tripletMargin']) {
    const c = find(cases, key, 'N=10^4,D=128');
    const api = c?.results['ml-simd-out'] ? 'ml-simd-out' : 'ml-simd';
    const how = api === 'ml-simd-out' ? 'API with a reused options.out' : 'API (options.out with typed arrays not measured)';
    const also = (label, num, den) => {
      const r = c ? ratioOf(c, num, den) : null;
      return r ? `${label} ${fmt(r.median)}×` : null;
    };
    add(`${apiName(key)} N=10^4 D=128: ${how} vs tfjs-wasm idiomatic`, c ? ratioOf(c, 'tfjs-wasm', api) : null, '×',
      '≥ 8×', (v) => v >= 8, [also('with fresh result arrays:', 'tfjs-wasm', 'ml-simd'),
        also('zero-copy tier:', 'tfjs-wasm', 'ml-simd-zerocopy'),
        also(`vs tfjs-wasm expert:`, 'tfjs-wasm-expert', api)].filter(Boolean).join('; ') || null);
    add(`${apiName(key)} N=10^4 D=128: WASM kernel time ÷ the same C native (SSE4.1)`,
      c ? ratioOf(c, 'ml-simd-kernel', 'native-same') : null, '×', '≤ 1.3×', (v) => v <= 1.3,
      [also('zero-copy tier ÷ native:', 'ml-simd-zerocopy', 'native-same'),
        also('kernel ÷ best native:', 'ml-simd-kernel', 'native-best')].filter(Boolean).join('; ') || null);
  }
  return targets;
}

/**
 * Per loss, the smallest measured size from which `api` (ml-simd or ml-simd-out) is faster than the
 * tight JS loop at every larger size (forward+backward), as "softMarginLoss n=64, ...".
 */
export function crossovers(cases, api) {
  const sizes = labelsFrom('n=16');
  return LOSSES.map((l) => {
    const wins = sizes.map((label) => {
      const c = find(cases, l.key, label);
      const r = c ? ratioOf(c, 'js-tight', api) : null;
      return r ? r.median > 1 : null;
    });
    const measured = wins.filter((w) => w !== null);
    if (measured.length < 2) return null; // one size has no crossover (the embedding losses)
    let k = wins.length;
    while (k > 0 && wins[k - 1] !== false) k--;
    const from = wins.findIndex((w, i) => i >= k && w === true);
    return `${l.api} ${from >= 0 ? sizes[from] : 'none'}`;
  }).filter(Boolean).join(', ');
}
