// The embedding explorers (CosineEmbeddingLoss, TripletMarginLoss). In Node, over a sweep of states: every
// number the explorers show is the package's, and equals the specification's closed forms computed here
// (docs/pytorch-compat.md #cosine-embedding, #triplet-margin: ε on each squared norm, eps on every
// coordinate of a difference, swap's branches and tie); the margin band is arccos(margin); every shown
// sentence's claims hold and its words are backed by claims; the drawings' rings are the package's
// distances. In Chromium: the numbers shown for a URL state, dragging and the keyboard, the label check.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkLabels, init } from '../../js/index.js';
import { cosineNumbers, tripletNumbers } from '../src/embedding-calls.js';
import { COSINE_SENTENCES, TRIPLET_SENTENCES, describeBand, sentencesAt } from '../src/embedding-sentences.js';
import { ARROW_LENGTH, cosineScene, tripletScene } from '../src/plane-scenes.js';
import { VIEW } from '../src/plane.js';
import { defaultState, fromQuery, lossExample, sanitize, toQuery } from '../src/state.js';

const ml = await init();

// --- closed forms (the specification's formulas, written here as the oracle) ---------------------------
const EPS_COS = Math.fround(1e-12);
const dot = (a, b) => a[0] * b[0] + a[1] * b[1];
const len = (g) => Math.hypot(g[0], g[1]);
const add = (a, b, k = 1) => [a[0] + k * b[0], a[1] + k * b[1]];
function cosine(x1, x2) {
  const m1 = dot(x1, x1) + EPS_COS;
  const m2 = dot(x2, x2) + EPS_COS;
  const root = Math.sqrt(m1 * m2);
  const cos = dot(x1, x2) / root;
  return { cos, d1: [x2[0] / root - (cos * x1[0]) / m1, x2[1] / root - (cos * x1[1]) / m1], d2: [x1[0] / root - (cos * x2[0]) / m2, x1[1] / root - (cos * x2[1]) / m2] };
}
function cosineLoss(x1, x2, y, margin) {
  const { cos, d1, d2 } = cosine(x1, x2);
  if (y === 1) return { loss: 1 - cos, grad: d1.map((v) => -v), grad2: d2.map((v) => -v) };
  if (y === -1) {
    const active = cos - margin >= 0 ? 1 : 0;
    return { loss: Math.max(0, cos - margin), grad: d1.map((v) => active * v), grad2: d2.map((v) => active * v) };
  }
  return { loss: 0, grad: [0, 0], grad2: [0, 0] };
}
const diff = (x, z, eps) => [x[0] - z[0] + eps, x[1] - z[1] + eps];
function dist(x, z, p, eps) {
  const v = diff(x, z, eps);
  return (Math.abs(v[0]) ** p + Math.abs(v[1]) ** p) ** (1 / p);
}
function distGrad(x, z, p, eps) {
  const v = diff(x, z, eps);
  const d = dist(x, z, p, eps);
  if (p === 1) return v.map(Math.sign);
  return d === 0 ? [0, 0] : v.map((c) => (Math.sign(c) * Math.abs(c) ** (p - 1)) / d ** (p - 1));
}
function triplet(a, pos, neg, { margin, p, eps, swap }) {
  const dPos = dist(a, pos, p, eps);
  const dAN = dist(a, neg, p, eps);
  const dPN = dist(pos, neg, p, eps);
  const [wan, wpn] = !swap || dAN < dPN ? [1, 0] : dPN < dAN ? [0, 1] : [0.5, 0.5];
  const dNeg = swap ? Math.min(dAN, dPN) : dAN;
  const z = margin + dPos - dNeg;
  const c = z >= 0 ? 1 : 0;
  const gp = distGrad(a, pos, p, eps);
  const gan = distGrad(a, neg, p, eps);
  const gpn = distGrad(pos, neg, p, eps);
  return {
    dPos, dAN, dPN, dNeg, z, loss: Math.max(0, z), branch: !swap || dAN < dPN ? 'an' : dPN < dAN ? 'pn' : 'tie',
    grad: [0, 1].map((i) => c * (gp[i] - wan * gan[i])),
    grad2: [0, 1].map((i) => -c * (gp[i] + wpn * gpn[i])),
    grad3: [0, 1].map((i) => c * (wan * gan[i] + wpn * gpn[i])),
  };
}
const near = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const nearAll = (a, b, tol) => a.length === b.length && a.every((v, i) => near(v, b[i], tol));

// --- the sweep ------------------------------------------------------------------------------------------
const COS_POINTS = [[1.5, 2], [0, 0], [1, 0], [-2, 1], [3, -3], [0.05, 0]];
const COS_SECOND = [[2, 1.5], [0, 1], [0, 0], [1.5, 2], [-1, 0], [3, 0.05], [-3, 3]];
function cosineStates() {
  const out = [];
  for (const u of COS_POINTS) for (const v of COS_SECOND) for (const cy of [1, -1, 0]) for (const margin of [-1, -0.5, 0, 0.25, 0.9, 1]) {
    out.push(sanitize({ ...defaultState(), ...lossExample('cosineEmbedding'), u, v, cy, margin }));
  }
  return out;
}
const TRI = { a: [[-1.5, 0], [0, 0]], p: [[0, 1], [0, 0], [1, 0], [-1.5, 0]], n: [[0.5, -0.5], [2, 0], [3, -3], [0, 1], [1, 1], [0, 0]] };
function tripletStates() {
  const out = [];
  for (const ta of TRI.a) for (const tp of TRI.p) for (const tn of TRI.n) for (const p of [1, 1.5, 2, 4]) {
    for (const sw of [false, true]) for (const eps of [1e-6, 0]) for (const margin of [-0.5, 0, 1, 2.5]) {
      out.push(sanitize({ ...defaultState(), ...lossExample('tripletMargin'), ta, tp, tn, p, sw, eps, margin }));
    }
  }
  return out;
}
const COSINE = cosineStates().map((st) => ({ st, n: cosineNumbers(ml, st) }));
const TRIPLET = tripletStates().map((st) => ({ st, n: tripletNumbers(ml, st) }));

describe('the numbers are the package’s and the specification’s (Node)', () => {
  test('cosine: loss, gradients, cosine and the loss under every label', () => {
    for (const { st, n } of COSINE) {
      const where = JSON.stringify({ u: st.u, v: st.v, cy: st.cy, margin: st.margin });
      const direct = ml.cosineEmbeddingLoss(Float64Array.from(st.u), Float64Array.from(st.v), Float64Array.of(st.cy), { shape: [2], margin: st.margin });
      assert.equal(n.loss, direct.loss, `${where}: the package's loss`);
      assert.deepEqual(n.grad, Array.from(direct.grad), where);
      assert.deepEqual(n.grad2, Array.from(direct.grad2), where);
      const closed = cosineLoss(st.u, st.v, st.cy, st.margin);
      const cos = cosine(st.u, st.v).cos;
      // On the hinge's corner the closed form and the kernel may round to different sides.
      if (Math.abs(cos - st.margin) > 1e-12) {
        assert.ok(near(n.loss, closed.loss), `${where}: loss ${n.loss}, closed form ${closed.loss}`);
        assert.ok(nearAll(n.grad, closed.grad, 1e-9) && nearAll(n.grad2, closed.grad2, 1e-9), `${where}: gradients ${n.grad} ${n.grad2}, closed form ${closed.grad} ${closed.grad2}`);
      }
      assert.ok(near(n.cos, cos), `${where}: cos ${n.cos}, closed form ${cos}`);
      for (const y of [1, -1, 0]) assert.ok(near(n.byLabel[y].loss, cosineLoss(st.u, st.v, y, st.margin).loss), `${where}: loss with y = ${y}`);
    }
  });

  test('cosine: the margin band is the directions within arccos(margin) of x1', () => {
    for (const { st, n } of COSINE) {
      const { half } = n.band;
      const where = `x1 = ${st.u}, margin ${st.margin}`;
      if (len(st.u) === 0) assert.equal(half, st.margin < 0 ? Math.PI : 0, `${where}: every cosine is 0`);
      else if (st.margin <= -1) assert.equal(half, Math.PI, where);
      else if (st.margin >= 1) assert.equal(half, 0, where);
      else assert.ok(Math.abs(half - Math.acos(st.margin)) < 1e-9, `${where}: ${half} vs ${Math.acos(st.margin)}`);
      assert.ok(describeBand(n).text.length > 0);
    }
  });

  test('triplet: loss, three gradients, distances and swap’s branch', () => {
    for (const { st, n } of TRIPLET) {
      const where = JSON.stringify({ a: st.ta, p: st.tp, n: st.tn, pNorm: st.p, sw: st.sw, eps: st.eps, margin: st.margin });
      const o = { shape: [2], margin: st.margin, p: st.p, eps: st.eps, swap: st.sw };
      const direct = ml.tripletMarginLoss(Float64Array.from(st.ta), Float64Array.from(st.tp), Float64Array.from(st.tn), o);
      assert.equal(n.loss, direct.loss, where);
      assert.deepEqual([n.grad, n.grad2, n.grad3], [direct.grad, direct.grad2, direct.grad3].map((g) => Array.from(g)), where);
      const closed = triplet(st.ta, st.tp, st.tn, { margin: st.margin, p: st.p, eps: st.eps, swap: st.sw });
      for (const key of ['dPos', 'dAN', 'dPN']) assert.ok(near(n[key], closed[key], 1e-10), `${where}: ${key} ${n[key]}, closed form ${closed[key]}`);
      assert.equal(n.branch, closed.branch, `${where}: branch`);
      assert.ok(near(n.loss, closed.loss, 1e-10), `${where}: loss ${n.loss}, closed form ${closed.loss}`);
      if (Math.abs(closed.z) > 1e-9) {
        for (const g of ['grad', 'grad2', 'grad3']) assert.ok(nearAll(n[g], closed[g], 1e-9), `${where}: ${g} ${n[g]}, closed form ${closed[g]}`);
      }
    }
  });
});

// --- sentences ------------------------------------------------------------------------------------------
const WORDS = [
  [/exactly 0/, ['zero']],
  [/apart/, ['apart', 'cosBelow', 'zero', 'other', 'still']],
  [/toward each other/, ['together']],
  [/perpendicular/, ['perpendicular']],
  [/twice as long/, ['inverseLength']],
  [/huge/, ['huge']],
  [/vanish/, ['still']],
  [/semi-hard/, ['semiHard']],
  [/is smaller than d\(a, p\)/, ['hard']],
  [/already holds/, ['holds']],
  [/corner/, ['kink']],
  [/With swap/, ['branch']],
  [/not 0/, ['epsDistance']],
  [/only feels that pull/, ['anchorPullOnly']],
  [/pulls the positive toward/, ['pull']],
  [/pushes the negative away from it/, ['push']],
  [/sits on the (anchor|positive)/, ['samePoint', 'epsDistance', 'zero']],
  [/diagonal/, ['diagonal', 'epsDistance']],
  [/pushes the negative away from the positive/, ['pushFromPositive']],
  [/no gradient/, ['zero']],
];
const get = (n, path) => path.split('.').reduce((o, k) => o[k], n);
const isZero = (v) => (Array.isArray(v) ? v.every((e) => e === 0) : v === 0);
const longest = (...gs) => Math.max(...gs.map(len));

/** Checks one cosine claim against the closed forms and the package. */
function checkCosine(st, n, [kind, ...args]) {
  const cos = cosine(st.u, st.v).cos;
  const step = 1e-6 / longest(n.grad, n.grad2);
  const after = () => cosine(add(st.u, n.grad, -step), add(st.v, n.grad2, -step)).cos;
  const twice = (key, g) => {
    const bigger = { ...st, [key]: st[key].map((v) => 2 * v) };
    const r = ml.cosineEmbeddingLoss(Float64Array.from(bigger.u), Float64Array.from(bigger.v), [st.cy], { shape: [1, 2], margin: st.margin });
    return near(len(Array.from(key === 'u' ? r.grad : r.grad2)), len(g) / 2, 1e-6);
  };
  return {
    zero: () => isZero(get(n, args[0])),
    cosLoss: () => near(n.loss, 1 - cos),
    hingeLoss: () => near(n.loss, cos - st.margin),
    cosAbove: () => cos > st.margin,
    cosBelow: () => cos < st.margin,
    cosAtMost: () => cos <= st.margin,
    kink: () => n.loss === 0 && !isZero(n.grad.concat(n.grad2)) && Math.abs(cos - st.margin) < 1e-12,
    together: () => after() > cos,
    apart: () => after() < cos,
    still: () => [[st.u, n.grad], [st.v, n.grad2]].every(([x, g]) => len(g) * len(x) < 1e-6),
    // ε (10⁻¹² on each squared norm) leaves a push along the vector of relative size ε/|x|² at most.
    perpendicular: () => [[st.u, n.grad], [st.v, n.grad2]].every(([x, g]) => len(g) === 0 || Math.abs(dot(x, g)) <= 1e-6 * len(x) * len(g)),
    inverseLength: () => (len(n.grad) === 0 || twice('u', n.grad)) && (len(n.grad2) === 0 || twice('v', n.grad2)),
    zeroVector: () => len(st[args[0] === 'x1' ? 'u' : 'v']) === 0 && n.cos === 0,
    huge: () => len(get(n, args[0])) > 1e5,
    other: () => near(cosineLoss(st.u, st.v, args[0], st.margin).loss, args[1]),
  }[kind];
}

/** Checks one triplet claim against the closed forms. */
function checkTriplet(st, n, [kind, ...args]) {
  const o = { margin: st.margin, p: st.p, eps: st.eps, swap: st.sw };
  const c = triplet(st.ta, st.tp, st.tn, o);
  return {
    zero: () => isZero(get(n, args[0])),
    tripletLoss: () => near(n.loss, st.margin + c.dPos - c.dNeg, 1e-10),
    // Beside a tie or the corner the package and the closed form may round to different sides.
    hard: () => c.dNeg < c.dPos + 1e-12,
    semiHard: () => c.dPos <= c.dNeg + 1e-12 && c.dNeg < c.dPos + st.margin + 1e-12,
    holds: () => c.dNeg >= c.dPos + st.margin - 1e-12,
    kink: () => n.loss === 0 && !isZero([...n.grad, ...n.grad2, ...n.grad3]) && Math.abs(c.z) < 1e-9,
    // The descent step −g of one point, against the direction from `from` to `to`.
    pull: () => dot(n.grad2, add(st.ta, st.tp, -1)) < 0,
    anchorPull: () => dot(n.grad, add(st.tp, st.ta, -1)) < 0,
    push: () => dot(n.grad3, add(st.tn, st.ta, -1)) < 0,
    pushFromPositive: () => dot(n.grad3, add(st.tn, st.tp, -1)) < 0,
    samePoint: () => JSON.stringify(get(n, args[0])) === JSON.stringify(get(n, args[1])),
    anchorPullOnly: () => nearAll(n.grad, distGrad(st.ta, st.tp, st.p, st.eps), 1e-9),
    positiveBoth: () => nearAll(n.grad2, add(distGrad(st.ta, st.tp, st.p, st.eps), distGrad(st.tp, st.tn, st.p, st.eps)).map((v) => -v), 1e-9),
    branch: () => c.branch === args[0],
    epsDistance: () => near(n.dPos, st.eps * 2 ** (1 / st.p), 1e-9),
    diagonal: () => get(n, args[0])[0] === get(n, args[0])[1] && get(n, args[0])[0] !== 0,
  }[kind];
}

function checkSentences(list, rows, checker) {
  const seen = new Set();
  for (const { st, n } of rows) {
    const shown = sentencesAt(list, n);
    assert.ok(shown.length > 0, `${toQuery(st)}: at least one sentence`);
    const live = [n.loss, n.cos, n.dPos, n.dAN, n.dPN, n.dNeg, ...Object.values(n.byLabel ?? {}).map((r) => r.loss)].filter(Number.isFinite);
    for (const { text, claims } of shown) {
      seen.add(list.find((s) => s.when(n) && s.text(n) === text));
      const where = `?${toQuery(st)}: “${text}”`;
      for (const claim of claims) {
        const ok = checker(st, n, claim);
        assert.ok(ok, `${where}: unknown claim ${claim[0]}`);
        assert.ok(ok(), `${where}: claim ${JSON.stringify(claim)} is false`);
      }
      for (const [word, kinds] of WORDS) {
        if (word.test(text)) assert.ok(claims.some(([k]) => kinds.includes(k)), `${where}: says ${word} without a ${kinds.join('/')} claim`);
      }
      // Numbers of four or more decimals are the live ones; margins are printed as the state holds them.
      for (const m of text.matchAll(/[−-]?\d+\.\d{4,}/g)) {
        const value = Number(m[0].replace('−', '-'));
        const digits = m[0].split('.')[1].length;
        assert.ok(live.some((x) => Math.abs(x - value) <= 0.51 * 10 ** -digits), `${where}: ${m[0]} is none of the live numbers`);
      }
      for (const m of text.matchAll(/margin (?:= )?([−-]?\d+\.\d\d)\b/g)) assert.equal(Number(m[1].replace('−', '-')), st.margin, where);
    }
  }
  return seen;
}

describe('every sentence shown holds for the numbers it describes (Node)', () => {
  test('cosine: each sentence is reachable, and true wherever it is shown', () => {
    const seen = checkSentences(COSINE_SENTENCES, COSINE, checkCosine);
    assert.deepEqual(COSINE_SENTENCES.filter((s) => !seen.has(s)).map((s) => String(s.text)), [], 'sentences the sweep never shows');
  });
  test('triplet: each sentence is reachable, and true wherever it is shown', () => {
    const seen = checkSentences(TRIPLET_SENTENCES, TRIPLET, checkTriplet);
    assert.deepEqual(TRIPLET_SENTENCES.filter((s) => !seen.has(s)).map((s) => String(s.text)), [], 'sentences the sweep never shows');
  });
  test('the default states tell the story: a dissimilar pair pushed apart, a semi-hard negative', () => {
    const cos = sentencesAt(COSINE_SENTENCES, cosineNumbers(ml, fromQuery('?loss=cosineEmbedding')))[0].text;
    assert.equal(cos, 'cos = 0.9600 > margin 0.25, so this dissimilar pair costs cos − margin = 0.7100 and descent pushes x₁ and x₂ apart.');
    const tri = sentencesAt(TRIPLET_SENTENCES, tripletNumbers(ml, fromQuery('?loss=tripletMargin')))[0].text;
    assert.match(tri, /semi-hard negative/);
  });
});

test('one pair, one triplet: the explorers’ claim that \'mean\', \'sum\' and \'none\' give the same loss', () => {
  for (const { st, n } of [...COSINE.filter((_, i) => i % 7 === 0), ...TRIPLET.filter((_, i) => i % 31 === 0)]) {
    for (const reduction of ['sum', 'none']) {
      const r = st.loss === 'cosineEmbedding'
        ? ml.cosineEmbeddingLoss(Float64Array.from(st.u), Float64Array.from(st.v), [st.cy], { shape: [1, 2], margin: st.margin, reduction })
        : ml.tripletMarginLoss(Float64Array.from(st.ta), Float64Array.from(st.tp), Float64Array.from(st.tn), { shape: [1, 2], margin: st.margin, p: st.p, eps: st.eps, swap: st.sw, reduction });
      assert.equal(reduction === 'none' ? r.loss[0] : r.loss, n.loss, `?${toQuery(st)} with '${reduction}'`);
    }
  }
});

describe('the drawings (Node)', () => {
  test('the balls are the package’s distances, the arrows its −gradients, the longest ARROW_LENGTH long', () => {
    for (const { st, n } of TRIPLET) {
      const scene = tripletScene(n);
      const reach = n.dPos + n.margin;
      assert.equal(scene.areas.length, reach > 0 ? (st.sw ? 2 : 1) : 0);
      for (const [k, area] of scene.areas.entries()) {
        const from = k === 0 ? st.ta : st.tp;
        for (const point of area.points.filter((_, i) => i % 15 === 0)) {
          const d = ml.tripletMarginLoss(Float64Array.from(from), Float64Array.from(point), Float64Array.from(from.map((v) => v + st.eps)),
            { shape: [2], margin: 0, p: st.p, eps: st.eps }).loss;
          assert.ok(Math.abs(d - reach) < 1e-9 * Math.max(1, reach), `ring point at ${d}, reach ${reach}`);
        }
      }
      checkArrows(scene, [[st.ta, n.grad], [st.tp, n.grad2], [st.tn, n.grad3]]);
    }
    for (const { st, n } of COSINE) checkArrows(cosineScene(n), [[st.u, n.grad], [st.v, n.grad2]]);
  });
});

function checkArrows(scene, points) {
  const purple = scene.arrows.filter((a) => a.stroke === '#7c3aed');
  const longestGrad = Math.max(...points.map(([, g]) => len(g)));
  for (const a of purple) {
    assert.ok(points.some(([x, g]) => x[0] === a.from[0] && x[1] === a.from[1] && nearAll(a.to, add(x, g, -scene.scale), 1e-12)), 'an arrow is −scale·gradient at its point');
  }
  if (longestGrad > 0) assert.ok(near(scene.scale * longestGrad, ARROW_LENGTH), 'the longest arrow is ARROW_LENGTH long');
  // Arrows too short to see (under 0.02 plane units) are left out; every other gradient has one.
  assert.equal(purple.length, points.filter(([, g]) => len(g) * scene.scale > 0.02).length);
}

test('the package’s label check flags the {0, 1} mistake the cosine explorer offers', () => {
  assert.equal(checkLabels('cosineEmbeddingLoss', [0], { shape: [1, 2] }).fits, false);
  assert.equal(checkLabels('cosineEmbeddingLoss', [-1], { shape: [1, 2] }).fits, true);
});

// ----------------------------------------------------------------------------------------------------
// In the browser: what the explorers show is the package's, called here with the state read off the URL.
describe('the embedding explorers in Chromium', () => {
  let site;
  let harness;
  before(async () => {
    harness = await import('./harness.mjs');
    site = await harness.startSite();
  });
  after(async () => { await site?.close(); });

  const shownNumbers = (page) => page.evaluate(() => {
    const value = (id) => { const el = document.getElementById(id); return el ? JSON.parse(el.dataset.value) : null; };
    return {
      loss: value('ex-loss-value'), grad: value('ex-grad-value'), grad2: value('ex-grad2-value'), grad3: value('ex-grad3-value'),
      cos: value('emb-cos'), dPos: value('emb-dpos'), dAN: value('emb-dan'), dPN: value('emb-dpn'),
      sentences: [...document.querySelectorAll('#emb-sentences p')].map((p) => p.textContent),
      band: document.getElementById('emb-band')?.textContent,
    };
  });
  const urlState = (page) => fromQuery(new URL(page.url()).search);
  // The page's data-value is JSON, which writes −0 as 0: the numbers are compared with ===.
  const same = (shown, expected) => shown.length === expected.length && shown.every((v, i) => v === expected[i]);
  /** The page's numbers equal the package's and the closed forms' for the state its URL holds. */
  async function assertShowsUrlState(page, what) {
    const st = urlState(page);
    const shown = await shownNumbers(page);
    if (st.loss === 'cosineEmbedding') {
      const r = ml.cosineEmbeddingLoss(Float64Array.from(st.u), Float64Array.from(st.v), [st.cy], { shape: [1, 2], margin: st.margin });
      assert.equal(shown.loss, r.loss, `${what}: loss`);
      assert.ok(same(shown.grad, r.grad) && same(shown.grad2, r.grad2), `${what}: gradients`);
      assert.ok(near(shown.cos, cosine(st.u, st.v).cos), `${what}: cosine`);
      const n = cosineNumbers(ml, st);
      assert.equal(shown.band, describeBand(n).text, `${what}: the band's sentence`);
      assert.deepEqual(shown.sentences, sentencesAt(COSINE_SENTENCES, n).map((s) => s.text), `${what}: sentences`);
    } else {
      const r = ml.tripletMarginLoss(Float64Array.from(st.ta), Float64Array.from(st.tp), Float64Array.from(st.tn),
        { shape: [2], margin: st.margin, p: st.p, eps: st.eps, swap: st.sw });
      assert.equal(shown.loss, r.loss, `${what}: loss`);
      assert.ok(same(shown.grad, r.grad) && same(shown.grad2, r.grad2) && same(shown.grad3, r.grad3), `${what}: gradients`);
      const closed = triplet(st.ta, st.tp, st.tn, { margin: st.margin, p: st.p, eps: st.eps, swap: st.sw });
      for (const key of ['dPos', 'dAN', 'dPN']) assert.ok(near(shown[key], closed[key], 1e-10), `${what}: ${key}`);
      assert.deepEqual(shown.sentences, sentencesAt(TRIPLET_SENTENCES, tripletNumbers(ml, st)).map((s) => s.text), `${what}: sentences`);
    }
    return st;
  }
  /** Drags handle `id` on the plane to plane point `to`, in a few pointer moves. */
  async function drag(page, id, to) {
    const handle = page.locator(`#emb-plane circle.handle[data-id="${id}"]`);
    await handle.scrollIntoViewIfNeeded();
    const box = await handle.boundingBox();
    const svg = await page.locator('#emb-plane svg').boundingBox();
    const [lo, hi] = VIEW;
    const target = [svg.x + ((to[0] - lo) / (hi - lo)) * svg.width, svg.y + ((hi - to[1]) / (hi - lo)) * svg.height];
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 5; k++) {
      await page.mouse.move(box.x + box.width / 2 + ((target[0] - box.x - box.width / 2) * k) / 5, box.y + box.height / 2 + ((target[1] - box.y - box.height / 2) * k) / 5);
    }
    await page.mouse.up();
  }

  test('cosine: the URL state’s numbers; a drag and the keyboard move the vectors; the {0, 1} mistake', async () => {
    const { page, errors, context } = await harness.openPage(site, '?loss=cosineEmbedding');
    assert.equal(await page.locator('#ex-loss').inputValue(), 'cosineEmbedding');
    await assertShowsUrlState(page, 'the example');
    assert.match((await shownNumbers(page)).sentences[0], /^cos = 0\.9600 > margin 0\.25, so this dissimilar pair costs cos − margin = 0\.7100/);

    // A drag of x2's tip: the URL follows, the numbers are the package's for the new x2, one history entry.
    const entries = await page.evaluate(() => history.length);
    await drag(page, 'v', [-1, 0.5]);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('v') === '-1,0.5');
    await assertShowsUrlState(page, 'after the drag');
    assert.equal(await page.evaluate(() => history.length), entries + 1, 'the drag is one step of history');
    assert.equal(await page.locator('#emb-v-0-n').inputValue(), '-1', 'the sliders follow the drag');

    // The keyboard: x1's vertical slider, two presses of 0.05.
    await page.locator('#emb-u-1').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('u') === '1.5,2.1');
    await assertShowsUrlState(page, 'after two arrow presses');

    // Label 0: the package's label check warns, the pair costs 0, the sentences say why.
    await page.locator('#emb-cy').selectOption('0');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('cy') === '0');
    const st = await assertShowsUrlState(page, 'label 0');
    const d = checkLabels('cosineEmbeddingLoss', [0], { shape: [1, 2] });
    assert.ok((await page.locator('.diagnosis').textContent()).includes(d.problem.replace(/-1/g, '−1').replace(' - 1', ' − 1')), 'the package’s diagnosis');
    assert.equal(cosineNumbers(ml, st).loss, 0);
    assert.equal(await page.locator('#lab-cosine').evaluate((el) => el.classList.contains('highlight')), true, 'the lab card lights up');

    // The margin slider, to its end: no direction pays.
    await page.locator('#emb-cy').selectOption('-1');
    await page.locator('#emb-margin').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('margin') === '1');
    await assertShowsUrlState(page, 'margin 1');
    assert.match((await shownNumbers(page)).band, /^No direction of x₂ has cos > margin 1\.00/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('triplet: the URL state’s numbers; drag, p, swap; screenshots at 1280 and 390 px without overflow', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const { page, errors, context } = await harness.openPage(site, '?loss=tripletMargin&sw=1', viewport);
      await assertShowsUrlState(page, `${name}: swap`);
      await drag(page, 'tn', [2, -2]);
      await page.waitForFunction(() => new URL(location.href).searchParams.get('tn') === '2,-2');
      await assertShowsUrlState(page, `${name}: after the drag`);
      await page.locator('#emb-p').focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('p') === '1');
      await assertShowsUrlState(page, `${name}: p = 1`);
      await page.locator('#emb-sw').uncheck();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('sw'));
      await assertShowsUrlState(page, `${name}: no swap`);
      await page.locator('#emb-eps').selectOption('0');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('eps') === '0');
      await assertShowsUrlState(page, `${name}: eps 0`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name}: no sideways overflow (${overflow} px)`);
      await page.locator('#explorer').screenshot({ path: `${harness.SHOTS}explorer-triplet-${name}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('the loss picker switches views and keeps the keyboard focus', async () => {
    const { page, errors, context } = await harness.openPage(site, '');
    await page.locator('#ex-loss').focus();
    await page.locator('#ex-loss').selectOption('cosineEmbedding');
    await page.waitForSelector('#emb-plane svg');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ex-loss', 'focus stays on the picker');
    assert.equal(await page.locator('#ex-numberline').count(), 0, 'the score view has left the page');
    await page.locator('#ex-loss').selectOption('tripletMargin');
    await page.waitForSelector('#emb-ta-0');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ex-loss');
    await page.locator('#ex-loss').selectOption('softMargin');
    await page.waitForSelector('#ex-numberline');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ex-loss');
    assert.equal(await page.locator('#emb-plane').count(), 0);
    assert.equal(new URL(page.url()).search, '', 'back on the untouched page, the URL is bare again');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
