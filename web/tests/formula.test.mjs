// "Every displayed equation evaluates to its number": for every loss × reduction × option × label
// combination the explorer offers, the formula's expression tree, and the text the page shows (parsed
// back here by a parser of its own), both equal the package's loss within 1e-9 relative. Node only.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { init } from '../../js/index.js';
import { fmtAny } from '../src/dom.js';
import { evaluate, formatNumber, nodes } from '../src/expr.js';
import { formula } from '../src/formula.js';
import { LOSSES, SCORE_LOSS_IDS, REDUCTIONS, labelChoices, run } from '../src/losses.js';
import { defaultState, fromQuery, lossExample, sanitize } from '../src/state.js';

let ml;
let baseline;
before(async () => {
  [ml, baseline] = await Promise.all([init(), init({ simd: false })]);
});

const same = (a, b) => (Number.isNaN(a) && Number.isNaN(b)) || a === b
  || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

// ---- An independent reader of the shown text: '[with S = …:  ]expr' or '[expr, …]', in the usual
// precedence (a leading minus covers the product after it), with e^a, a², log(…), max(…, …).
function parseShown(text) {
  let s = text;
  const names = {};
  const fail = (why) => { throw new Error(`${why} at "${s.slice(0, 30)}" in: ${text}`); };
  const eat = (token) => {
    s = s.trimStart();
    if (!s.startsWith(token)) return false;
    s = s.slice(token.length);
    return true;
  };
  const expect = (token) => eat(token) || fail(`expected '${token}'`);
  function primary() {
    s = s.trimStart();
    const number = /^\d+(\.\d+)?/.exec(s);
    if (number) { s = s.slice(number[0].length); return Number(number[0]); }
    if (eat('e^')) return Math.exp(primary());
    if (eat('log(')) { const v = Math.log(expr()); expect(')'); return v; }
    if (eat('max(')) { const a = expr(); expect(','); const b = expr(); expect(')'); return Math.max(a, b); }
    if (eat('(')) { const v = expr(); expect(')'); return v; }
    const name = /^[A-Z]/.exec(s);
    if (name && name[0] in names) { s = s.slice(1); return names[name[0]]; }
    return fail('expected a number, a name, a function or (');
  }
  function power() {
    const base = primary();
    if (eat('²')) return base * base;
    return eat('^') ? base ** primary() : base;
  }
  function product() {
    let v = power();
    for (;;) {
      if (eat('·')) v *= power();
      else if (eat('/')) v /= power();
      else return v;
    }
  }
  function expr() {
    let v = eat('−') ? -product() : product();
    for (;;) {
      if (eat('+')) v += product();
      else if (eat('−')) v -= product();
      else return v;
    }
  }
  if (eat('with ')) {
    do {
      const name = /^[A-Z]/.exec(s.trimStart())?.[0] ?? fail('expected a name');
      expect(name);
      expect('=');
      names[name] = expr();
    } while (eat(','));
    expect(':');
  }
  let value;
  if (eat('[')) {
    value = [expr()];
    while (eat(',')) value.push(expr());
    expect(']');
  } else {
    value = expr();
  }
  if (s.trim()) fail('unread text');
  return value;
}

/** Checks one state against the package instance `lib`; returns a list of problems (empty when every
 *  shown claim holds). */
function check(st, lib = ml) {
  const { loss } = run(lib, st);
  const f = formula(st, loss);
  const problems = [];
  const where = `${st.loss} ${st.red} x=${st.x} y=${st.y} t=${st.t} tf=${st.tf} x2=${st.x2} m=${st.margin} p=${st.p} w=${st.w} pw=${st.pw} ls=${st.ls} ii=${st.ii}`;
  const expected = typeof loss === 'number' ? [loss] : Array.from(loss);
  const trees = Array.isArray(f.trees) ? f.trees : [f.trees];
  if (Array.isArray(f.trees) !== (typeof loss !== 'number')) problems.push(`${where}: tree shape differs from the loss's`);
  if (trees.length !== expected.length) problems.push(`${where}: ${trees.length} trees for ${expected.length} values`);
  trees.forEach((tree, i) => {
    const v = evaluate(tree);
    if (!same(v, expected[i])) problems.push(`${where}: tree ${i} = ${v}, package ${expected[i]}`);
    for (const leaf of nodes(tree)) {
      if (leaf.op !== 'num') continue;
      if (Number(formatNumber(leaf.value).replace('−', '-')) !== leaf.value) problems.push(`${where}: leaf ${leaf.value} prints as ${formatNumber(leaf.value)}`);
    }
  });
  const suffix = ` = ${fmtAny(loss)}`;
  if (!f.substituted.endsWith(suffix)) problems.push(`${where}: "${f.substituted}" does not end with "${suffix}"`);
  if (/-/.test(f.substituted) || /-/.test(f.general)) problems.push(`${where}: a hyphen instead of a minus sign in "${f.general}" / "${f.substituted}"`);
  let shown;
  try {
    shown = parseShown(f.substituted.slice(0, -suffix.length));
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
    return problems;
  }
  const shownList = Array.isArray(shown) ? shown : [shown];
  if (shownList.length !== expected.length) problems.push(`${where}: the text shows ${shownList.length} values for ${expected.length}`);
  shownList.forEach((v, i) => {
    if (!same(v, expected[i])) problems.push(`${where}: "${f.substituted}" evaluates to ${v}, package ${expected[i]}`);
  });
  return problems;
}

const state = (loss, overrides) => sanitize({ ...defaultState(), ...lossExample(loss), ...overrides });

function assertAll(states, lib = ml) {
  const problems = states.flatMap((st) => check(st, lib));
  assert.deepEqual(problems.slice(0, 8), [], `${problems.length} of ${states.length} states fail`);
}

// ---- What the sweep walks.
const cycle = (values, C) => Array.from({ length: C }, (_, i) => values[i % values.length]);
/** Every label vector of length C over `choices` (C ≤ 4), or a fixed spread of them (C = 8). */
function labelVectors(choices, C) {
  if (C <= 4) {
    return Array.from({ length: choices.length ** C }, (_, k) => Array.from({ length: C }, (_, i) => choices[Math.floor(k / choices.length ** i) % choices.length]));
  }
  return Array.from({ length: 12 }, (_, k) => Array.from({ length: C }, (_, i) => choices[(k * 7 + i * (k + 3)) % choices.length]));
}
// Scores include hinge kinks for margin 1 (x[t] − x[i] = 1, 0.8 − (−0.2)), for margin 0 (ties) and the
// slider's ends. On the kink 1 − (−3.999) + (−4.999) rounds to 8.9e-16 (and 1 − (−3.994) + (−4.994) to 0)
// where 1 − (x[j] − x[i]) gives 4.4e-16: the shown formula must round as the kernel does.
const SCORES = {
  2: [[0, 0], [1, 0], [0.8, -0.2], [-5, 5], [1.5, -0.5], [-3.999, -4.999], [-3.994, -4.994]],
  4: [[1, 2.2, 0.5, 1.8], [1, 0, 0.5, 1], [0.8, -0.2, 0.4, 0.4], [-5, 5, 0, -0.001], [0.1, 0.2, 0.4, 0.8]],
  8: [[0.1, -0.2, 0.8, 1, 0, 2.5, -5, 5], [1, 1, 1, 1, 0, 0, 0, 0]],
};
const SIZES = [2, 4, 8];
// Weights: none, uniform, non-uniform with a negative and a zero.
const weights = (C) => [null, cycle([1], C), cycle([1, 2, -1, 0.5, 0, 3.25], C)];

function* sweep(loss) {
  const def = LOSSES[loss];
  for (const C of SIZES) {
    for (const x of SCORES[C]) {
      for (const red of REDUCTIONS) {
        const base = { x, red };
        if (loss === 'softMargin') {
          for (const y of labelVectors(labelChoices(def), C)) yield { ...base, y };
        } else if (loss === 'bceWithLogits') {
          for (const y of labelVectors(labelChoices(def), C)) {
            for (const w of weights(C)) for (const pw of [null, cycle([3, 1, 0.5, -1], C)]) yield { ...base, y, w, pw };
          }
        } else if (loss === 'hingeEmbedding') {
          for (const y of labelVectors(labelChoices(def), C)) for (const margin of [1, 0, 0.5, -1, 2.5]) yield { ...base, y, margin };
        } else if (loss === 'marginRanking') {
          // x2 = x (ties) or x − 1 (on the kink for margin ±1).
          for (const x2 of [x, x.map((v) => v - 1), cycle([0.3, -2], C)]) {
            for (const y of labelVectors(labelChoices(def), C)) for (const margin of [0, 0.5, 1, -1]) yield { ...base, x2, y, margin };
          }
        } else if (loss === 'crossEntropy') {
          for (let t = 0; t < C; t++) {
            for (const w of weights(C)) {
              for (const ls of [0, 0.3, 1]) for (const ii of [-100, t, (t + 1) % C]) yield { ...base, t, w, ls, ii };
            }
          }
        } else if (loss === 'multiMargin') {
          for (let t = 0; t < C; t++) {
            for (const w of weights(C)) {
              for (const p of [1, 2]) for (const margin of [1, 0, 0.4, -0.5]) yield { ...base, t, w, p, margin };
            }
          }
        } else if (loss === 'multilabelSoftMargin') {
          for (const y of labelVectors(labelChoices(def), C)) for (const w of weights(C)) yield { ...base, y, w };
        } else if (loss === 'multilabelMargin') {
          for (const y of labelVectors(labelChoices(def), C)) for (const tf of ['list', 'multihot']) yield { ...base, y, tf };
        }
      }
    }
  }
}

for (const loss of SCORE_LOSS_IDS) {
  test(`${LOSSES[loss].name}: every substituted formula evaluates to the package's loss`, () => {
    const states = [...sweep(loss)].map((o) => state(loss, o));
    assert.ok(states.length > 50);
    assertAll(states);
  });
}

// Random states anywhere in what the page accepts: 2–8 scores with three decimals, any option; against
// both builds the page can run (?simd=0 loads the baseline one).
test('random states: every substituted formula evaluates to the package\'s loss, SIMD and baseline', () => {
  let seed = 10;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (a) => a[Math.floor(random() * a.length)];
  const between = (lo, hi) => Math.round((lo + random() * (hi - lo)) * 1000) / 1000;
  const states = [];
  for (const loss of SCORE_LOSS_IDS) {
    for (let k = 0; k < 300; k++) {
      const C = 2 + Math.floor(random() * 7);
      const vector = (lo, hi) => Array.from({ length: C }, () => between(lo, hi));
      states.push(state(loss, {
        x: vector(-5, 5), x2: vector(-5, 5), red: pick(REDUCTIONS),
        y: Array.from({ length: C }, () => pick(labelChoices(LOSSES[loss]))),
        t: Math.floor(random() * C), tf: pick(['list', 'multihot']),
        margin: between(-3, 3), p: pick([1, 2]),
        w: pick([null, vector(-10, 10)]), pw: pick([null, vector(-10, 10)]),
        ls: pick([0, between(0, 1), 1]), ii: pick([-100, 0, 1]),
      }));
    }
  }
  assertAll(states);
  assertAll(states, baseline);
});

test('the issue\'s CrossEntropy cases: the weighted mean divides by the weight, smoothing is in the formula', () => {
  const weighted = fromQuery('?loss=crossEntropy&w=1,1,1,2');
  const f = formula(weighted, run(ml, weighted).loss);
  assert.equal(f.substituted, '2·(−log(e^1.8/(e^1 + e^2.2 + e^0.5 + e^1.8)))/2 = 1.1674');
  const smoothed = fromQuery('?loss=crossEntropy&ls=0.3');
  const g = formula(smoothed, run(ml, smoothed).loss);
  assert.ok(g.substituted.endsWith(' = 1.2949'), g.substituted);
  assert.match(g.substituted, /\(1 − 0\.3\)·/);
  // Both, and the value the package gives (the smoothing term is divided by w[t] too).
  const both = fromQuery('?loss=crossEntropy&w=1,1,1,2&ls=0.3');
  const { loss } = run(ml, both);
  assert.ok(Math.abs(loss - 1.0998338) < 1e-6, String(loss));
  assertAll([weighted, smoothed, both]);
});

test('the text is the tree: numbers are printed in full, never rounded', () => {
  const st = state('softMargin', { x: [0.123, -4.999], y: [1, -1] });
  const f = formula(st, run(ml, st).loss);
  assert.match(f.substituted, /0\.123/);
  assert.match(f.substituted, /4\.999/);
});
