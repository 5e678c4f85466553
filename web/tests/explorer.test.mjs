// The loss explorer's per-element curves (Node) and the explorer on a desktop and a phone (Chromium).
// Oracles: the package called here directly with arguments built by this test (not through the page's
// own wiring), central finite differences of those calls, and closed forms (ln 2, softplus).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { init } from '../../js/index.js';
import { describeElementCurve, elementCurveData } from '../src/element-curves.js';
import { LOSSES, LOSS_IDS, SCORE_LOSS_IDS } from '../src/losses.js';
import { defaultState, lossExample } from '../src/state.js';
import { SHOTS, startSite } from './harness.mjs';

const ml = await init();
const H = 1e-5;

/** The element's loss and gradient from the package, arguments built here: ℓ and ∂ℓ/∂x at score x. */
function oracle(st, index, label) {
  const def = LOSSES[st.loss];
  const C = st.x.length;
  const margin = st.margin ?? def.defaults?.margin;
  const scores = (x) => { const a = Float64Array.from(st.x); a[index] = x; return a; };
  switch (def.fn) {
    case 'softMarginLoss':
    case 'bceWithLogitsLoss':
    case 'hingeEmbeddingLoss': {
      const y = Float64Array.from(st.y);
      y[index] = label;
      const o = { reduction: 'none', ...(def.fn === 'hingeEmbeddingLoss' ? { margin } : {}), ...(st.w ? { weight: st.w } : {}) };
      return (x) => { const r = ml[def.fn](scores(x), y, o); return { loss: r.loss[index], grad: r.grad[index] }; };
    }
    case 'marginRankingLoss': {
      const y = Float64Array.from(st.y);
      y[index] = label;
      return (x) => { const r = ml.marginRankingLoss(scores(x), Float64Array.from(st.x2), y, { reduction: 'none', margin }); return { loss: r.loss[index], grad: r.grad[index] }; };
    }
    case 'crossEntropyLoss':
    case 'multiMarginLoss': {
      const t = label ? index : st.t !== index ? st.t : index === 0 ? 1 : 0;
      const o = { shape: [1, C], reduction: 'none', ...(def.fn === 'multiMarginLoss' ? { margin, p: st.p } : {}), ...(st.w ? { weight: st.w } : {}) };
      return (x) => { const r = ml[def.fn](scores(x), [t], o); return { loss: r.loss[0], grad: r.grad[index] }; };
    }
    case 'multilabelSoftMarginLoss': {
      const o = { shape: [1, 1], reduction: 'none', ...(st.w ? { weight: [st.w[index]] } : {}) };
      return (x) => { const r = ml.multilabelSoftMarginLoss(Float64Array.of(x), Float64Array.of(label), o); return { loss: r.loss[0], grad: r.grad[0] }; };
    }
    case 'multilabelMarginLoss': {
      const y = [...st.y];
      y[index] = label;
      const target = st.tf === 'multihot' ? y.map((v) => (v ? 1 : 0)) : [...y.flatMap((v, i) => (v ? [i] : [])), -1, -1, -1, -1, -1, -1, -1, -1].slice(0, C);
      return (x) => { const r = ml.multilabelMarginLoss(scores(x), target, { shape: [1, C], reduction: 'none' }); return { loss: r.loss[0], grad: r.grad[index] }; };
    }
    default:
      throw new Error(def.fn);
  }
}

/** Several states of every loss of scores (embeddings.test.mjs covers the embedding losses): each worked
 *  example at every element, with other labels and options. */
function states() {
  const out = [];
  for (const loss of SCORE_LOSS_IDS) {
    const ex = lossExample(loss);
    const def = LOSSES[loss];
    const variants = [{}, { red: 'sum' }, { x: ex.x.map((v, i) => (i % 2 ? -v : v + 0.3)) }];
    if (def.options.includes('margin')) variants.push({ margin: 0.7 }, { margin: -0.4 });
    if (def.options.includes('p')) variants.push({ p: 2 });
    if (def.options.includes('weight')) variants.push({ w: ex.x.map((_, i) => [1, 0, 2.5, 0.5][i]) });
    if (def.kind === 'multiclass') variants.push({ t: 0 }, { t: 2 });
    if (def.fn === 'multilabelMarginLoss') variants.push({ tf: 'multihot' }, { y: [0, 0, 0, 0] });
    if (def.kind !== 'multiclass') variants.push({ y: ex.x.map((_, i) => [1, -1, 0, 1][i]) });
    for (const v of variants) for (let sel = 0; sel < ex.x.length; sel += 1) out.push({ ...defaultState(), ...ex, ...v, sel });
  }
  return out;
}

const near = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('per-element curves (Node)', () => {
  test('the current point and every curve sample are the package’s per-element loss and gradient', () => {
    for (const st of states()) {
      const data = elementCurveData(ml, st, st.sel);
      const def = LOSSES[st.loss];
      const label = def.kind === 'multiclass' ? Number(st.sel === st.t) : def.fn === 'multilabelMarginLoss' ? Number(!!st.y[st.sel]) : st.y[st.sel];
      assert.equal(data.current.label, label);
      const here = oracle(st, st.sel, label)(st.x[st.sel]);
      assert.ok(near(data.current.loss, here.loss), `${st.loss} ℓ at the point`);
      assert.ok(near(data.current.slope, here.grad), `${st.loss} slope at the point`);
      for (const c of data.curves) {
        const f = oracle(st, st.sel, c.label);
        for (const p of c.points) {
          const o = f(p.x);
          assert.ok(near(p.loss, o.loss) && near(p.grad, o.grad), `${st.loss} y=${c.label} at x=${p.x}`);
        }
      }
    }
  });

  test('away from the reported kinks, every slope is a central finite difference of the package’s curve', () => {
    for (const st of states()) {
      const data = elementCurveData(ml, st, st.sel);
      for (const c of data.curves) {
        const f = oracle(st, st.sel, c.label);
        for (const p of c.points) {
          if (c.kinks.some((k) => Math.abs(k.x - p.x) < 2 * H)) continue;
          const fd = (f(p.x + H).loss - f(p.x - H).loss) / (2 * H);
          // A kink the module missed would fail here: the finite difference would straddle a corner.
          // (1e-5 allows for p = 2, whose slope is continuous but bends at the corner.)
          assert.ok(Math.abs(fd - p.grad) < 1e-5, `${st.loss} ${c.key} at x=${p.x}: slope ${p.grad}, finite difference ${fd}`);
        }
      }
    }
  });

  test('every reported kink is where the package’s left and right slopes differ', () => {
    let seen = 0;
    for (const st of states()) {
      const data = elementCurveData(ml, st, st.sel);
      for (const c of data.curves) {
        const f = oracle(st, st.sel, c.label);
        for (const k of c.kinks) {
          const left = (f(k.x).loss - f(k.x - 1e-4).loss) / 1e-4;
          const right = (f(k.x + 1e-4).loss - f(k.x).loss) / 1e-4;
          assert.ok(Math.abs(left - right) > 1e-3, `${st.loss} ${c.key}: kink at ${k.x}, slopes ${left} and ${right}`);
          assert.ok(near(k.left, left, 1e-6) && near(k.right, right, 1e-6), `${st.loss} kink sides`);
          seen += 1;
        }
      }
    }
    assert.ok(seen > 50, `kinks were checked (${seen})`);
  });

  test('default SoftMargin state: the y = 0 curve is flat ln 2 with zero gradient, and the caption says so', () => {
    const st = defaultState();
    assert.equal(st.loss, 'softMargin');
    const data = elementCurveData(ml, st, st.sel);
    assert.equal(st.y[st.sel], 0);
    const zero = data.curves.find((c) => c.label === 0);
    assert.ok(zero.current);
    for (const p of zero.points) {
      assert.ok(Math.abs(p.loss - Math.LN2) < 1e-15, `ℓ(${p.x}) = ${p.loss}`);
      assert.equal(Math.abs(p.grad), 0);
    }
    const facts = describeElementCurve(data).facts.join(' ');
    assert.match(facts, /flat: ℓ = 0\.6931 for every score and ∂ℓ\/∂x = 0/);
  });

  test('SoftMargin y = +1 is the element’s own softplus(−x): below 0.01 at x = +5, not a batch mean', () => {
    const data = elementCurveData(ml, defaultState(), 1);
    const plus = data.curves.find((c) => c.label === 1);
    const end = plus.points[plus.points.length - 1];
    assert.equal(end.x, 5);
    assert.ok(end.loss < 0.01, `ℓ(5) = ${end.loss}`);
    for (const p of plus.points) assert.ok(Math.abs(p.loss - Math.log1p(Math.exp(-p.x))) < 1e-12);
  });

  test('every caption sentence holds for the numbers it describes', () => {
    for (const st of states()) {
      const data = elementCurveData(ml, st, st.sel);
      const { facts } = describeElementCurve(data);
      const mine = data.curves.find((c) => c.current);
      const f = oracle(st, st.sel, mine.label);
      const flat = (c) => c.points.every((p) => p.grad === 0 && p.loss === c.points[0].loss);
      assert.equal(facts.some((s) => s.startsWith(`${mine.key}: flat`)), flat(mine), `${st.loss}: flat claim`);
      const min = Math.min(...mine.points.map((p) => p.loss));
      assert.equal(facts.some((s) => s.startsWith('ℓ is negative')), !flat(mine) && min < 0, `${st.loss}: negative claim`);
      for (const s of facts) {
        const dead = s.match(/^ℓ = 0 and ∂ℓ\/∂x = 0 exactly for (\S+) (<|≤) \S+ (<|≤) (\S+?)[ :]/);
        if (dead) {
          const [from, to] = [dead[1], dead[4]].map((v) => Number(v.replace('−', '-')));
          // The ends are printed rounded, so they are checked a hair inside.
          const xs = Array.from({ length: 1001 }, (_, k) => from + ((to - from) * k) / 1000);
          xs[0] = from + 1e-9;
          xs[1000] = to - 1e-9;
          for (const x of xs) {
            const o = f(x);
            assert.ok(o.loss === 0 && o.grad === 0, `${st.loss}: ${s} (x = ${x})`);
          }
          // An open end is a kink where the package's ℓ or slope is not 0.
          for (const [sign, bound] of [[dead[2], from], [dead[3], to]]) {
            if (sign !== '<') continue;
            const k = mine.kinks.find((q) => Math.abs(q.x - bound) < 5e-4);
            assert.ok(k, `${s}: open end at a kink`);
            const o = f(k.x);
            assert.ok(o.loss !== 0 || o.grad !== 0, `${s}: open end`);
          }
        }
        const kink = s.match(/^A kink at \S+ = (\S+): the slope jumps/);
        if (kink) assert.ok(mine.kinks.some((k) => Math.abs(k.x - Number(kink[1].replace('−', '-'))) < 0.006), s);
      }
      for (const c of data.curves) {
        if (!c.current) assert.equal(facts.some((s) => s.startsWith(`${c.key}: flat`)), flat(c), `${st.loss}: ${c.key} flat claim`);
      }
      const move = data.current.slope < 0 ? /raises the score/ : data.current.slope > 0 ? /lowers the score/ : /leaves the score/;
      assert.match(facts[facts.length - 1], move);
    }
  });

  test('MultiLabelSoftMargin class terms average to the package’s one-sample loss', () => {
    const st = { ...defaultState(), ...lossExample('multilabelSoftMargin'), w: [1, 2, 0.5, 3] };
    const terms = st.x.map((_, i) => elementCurveData(ml, st, i).current.loss);
    const whole = ml.multilabelSoftMarginLoss(Float64Array.from(st.x), Float64Array.from(st.y), { shape: [1, 4], weight: st.w, reduction: 'none' }).loss[0];
    assert.ok(near(terms.reduce((a, b) => a + b, 0) / 4, whole, 1e-12));
  });
});

describe('the explorer in Chromium', () => {
  const DESKTOP = { width: 1280, height: 800 };
  const PHONE = { width: 390, height: 844 };
  let site;
  before(async () => { site = await startSite(); });
  after(async () => { await site?.close(); });

  // Like harness.openPage, with warnings collected too (Plot warns through console.warn).
  async function open(path, viewport) {
    const context = await site.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const messages = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => messages.push(String(e)));
    await page.goto(new URL(path, site.url).href);
    await page.waitForSelector('body[data-ready="true"]');
    return { page, messages, context };
  }

  test('every loss at 1280 and 390 px: no overflow, scroll regions reachable, text ≥ 12 px (screenshots)', async () => {
    for (const [width, viewport] of [[1280, DESKTOP], [390, PHONE]]) {
      for (const loss of LOSS_IDS) {
        const { page, messages, context } = await open(`?loss=${loss}`, viewport);
        const report = await page.evaluate(() => {
          const explorer = document.querySelector('#explorer');
          const scrollers = [...explorer.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1
            && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX));
          const small = [...explorer.querySelectorAll('svg text, [class*="-swatches"]')]
            .filter((el) => el.textContent.trim() && parseFloat(getComputedStyle(el).fontSize) < 12)
            .map((el) => `${el.textContent.trim().slice(0, 20)} ${getComputedStyle(el).fontSize}`);
          return {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            unreachable: scrollers.filter((el) => el.tabIndex < 0 || !el.getAttribute('aria-label')).map((el) => el.className || el.tagName),
            small,
            curves: explorer.querySelectorAll('.fig svg').length,
          };
        });
        assert.ok(report.overflow <= 1, `${loss} at ${width}: horizontal overflow ${report.overflow}px`);
        assert.deepEqual(report.unreachable, [], `${loss} at ${width}: scrolling regions the keyboard cannot reach`);
        assert.deepEqual(report.small, [], `${loss} at ${width}: chart text under 12 px`);
        await page.locator('#explorer').screenshot({ path: `${SHOTS}explorer-${loss}-${width}.png` });
        assert.deepEqual(messages, [], `${loss} at ${width}: console errors or warnings`);
        await context.close();
      }
    }
  });

  test('MarginRanking at 390 px: the gradient labels do not overlap', async () => {
    const { page, context } = await open('?loss=marginRanking', PHONE);
    const boxes = await page.evaluate(() => {
      const fig = [...document.querySelectorAll('#explorer figure.fig')].find((f) => f.textContent.includes('Gradient of the'));
      return [...fig.querySelectorAll('svg text')].filter((t) => /\d/.test(t.textContent) && !t.closest('[aria-label*="axis"]'))
        .map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
    });
    assert.ok(boxes.length >= 8);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 1 && b[1] < a[3] - 1;
        assert.ok(!overlap, `labels ${i} and ${j} overlap`);
      }
    }
    await context.close();
  });

  test('one arrow press moves a score by the slider’s step; scores stop at ±5', async () => {
    const { page, messages, context } = await open('', DESKTOP);
    const slider = page.locator('#ex-x-0');
    const step = Number(await slider.getAttribute('step'));
    assert.ok(step >= 0.05, `step ${step}`);
    const before0 = Number(await slider.inputValue());
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((v) => Number(document.querySelector('#ex-x-0-n').value) !== v, before0);
    assert.ok(Math.abs(Number(await slider.inputValue()) - (before0 + step)) < 1e-9);
    assert.ok(Math.abs(Number(await page.locator('#ex-x-0-n').inputValue()) - (before0 + step)) < 1e-9);
    for (const id of ['#ex-x-0', '#ex-x-0-n']) {
      assert.equal(await page.locator(id).getAttribute('min'), '-5');
      assert.equal(await page.locator(id).getAttribute('max'), '5');
    }
    await page.locator('#ex-x-0-n').fill('9');
    await page.locator('#ex-x-0-n').press('Enter');
    await page.waitForFunction(() => document.querySelector('#ex-x-0').value === '5');
    assert.deepEqual(messages, []);
    await context.close();
  });

  test('the state as code: both snippets shown, in keyboard-reachable regions, with copy buttons', async () => {
    const { page, context } = await open('?loss=multiMargin&red=sum', PHONE);
    for (const lang of ['js', 'py']) {
      const pre = page.locator(`pre:has(#snippet-${lang})`);
      assert.equal(await pre.getAttribute('tabindex'), '0');
      assert.equal(await pre.getAttribute('role'), 'region');
      assert.ok(await pre.getAttribute('aria-label'));
      assert.ok(await page.locator(`#copy-${lang}`).isVisible());
    }
    assert.match(await page.locator('#snippet-py').textContent(), /MultiMarginLoss\(reduction='sum'\)/);
    assert.match(await page.locator('#snippet-js').textContent(), /ml\.multiMarginLoss\(/);
    await context.close();
  });
});
