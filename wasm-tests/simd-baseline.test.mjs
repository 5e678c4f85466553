// The SIMD and the baseline build are bit-identical. Both compile the same vector kernels
// (c/src/losses/): the SIMD module to WebAssembly SIMD, the baseline to four (float32) or two
// (float64) scalar lanes, with the same lane order in every reduction. So every loss, option, reduction,
// gradient mode and dtype must give the same loss and gradients, element for element, on seeded random
// inputs at every vector-width, rows/classes and embedding row-length boundary, with NaN, ±Infinity, ±0,
// subnormals, huge values and exact hinge kinks among them. There is no exception: any element that
// differs fails.
//
// "The same" is Object.is: ±0 are told apart; NaNs match any NaN, because WebAssembly leaves the sign
// and payload of an arithmetic NaN to the engine, so a NaN's bytes are not a property of marginloss
// (and they do differ: the same NaN is 0x7fc00000 in one build and 0xffc00000 in the other).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadBuilds, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const simd = builds.find((b) => b.simd).ml;
const baseline = builds.find((b) => !b.simd).ml;

const DTYPES = [
  { name: 'float32', Type: Float32Array, tiny: 2 ** -149, huge: 3e38 },
  { name: 'float64', Type: Float64Array, tiny: 2 ** -1074, huge: 1e300 },
];
const REDUCTIONS = ['none', 'mean', 'sum'];
const GRAD_MODES = ['no grad', 'grad', 'gradOutput'];
const SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257];
const CLASSES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 100];
const ROWS = [0, 1, 2, 3, 5];

// Input values: continuous, integers (every hinge of margin 0 or 1 is then hit exactly), or either with
// one in ten replaced by a special value.
const VALUES = ['continuous', 'integers', 'specials'];
function specials(d) {
  return [NaN, Infinity, -Infinity, 0, -0, d.tiny, -d.tiny, d.huge, -d.huge, 100, -100, 88.5, -104, 709, -745, 1, -1];
}
function values(random, length, d, kind) {
  const all = specials(d);
  return d.Type.from({ length }, () => {
    if (kind === 'specials' && random() < 0.1) return all[Math.floor(random() * all.length)];
    return kind === 'integers' ? Math.floor(random() * 7) - 3 : random() * 24 - 12;
  });
}
const fill = (random, length, d, f) => d.Type.from({ length }, () => f(random));
const pick = (random, list) => list[Math.floor(random() * list.length)];
const sign = (random) => (random() < 0.5 ? -1 : 1);
// Targets as PyTorch allows them: mostly the convention's labels, sometimes other values.
const signLabel = (random) => (random() < 0.85 ? sign(random) : pick(random, [0, 2, 0.5, -0.25]));
const bitLabel = (random) => (random() < 0.85 ? Math.floor(random() * 2) : pick(random, [-1, 0.25, 0.5, 2]));
const probability = (random) => (random() < 0.1 ? Math.floor(random() * 2) : random());
const positive = (random) => (random() < 0.1 ? 0 : 2 * random());
const marginFor = (random, kind) => (kind === 'integers' ? pick(random, [0, 1, 2]) : random() * 2 - 0.5);
const indices = (random, length, classes) => Int32Array.from({ length }, () => Math.floor(random() * classes));

// Every option each loss takes, as variants: (random, case) => [label, call(ml, common options)].
// `case` holds the data drawn for one size: x, x2, n (elements), rows, classes, inner, d, kind.
const ELEMENTWISE = {
  softMarginLoss: (random, c) => {
    const y = fill(random, c.n, c.d, signLabel);
    return [['', (ml, o) => ml.softMarginLoss(c.x, y, o)]];
  },
  hingeEmbeddingLoss: (random, c) => {
    const y = fill(random, c.n, c.d, signLabel);
    return [undefined, 0, marginFor(random, c.kind), -0.5].map((margin) =>
      [`margin=${margin}`, (ml, o) => ml.hingeEmbeddingLoss(c.x, y, { ...o, margin })]);
  },
  marginRankingLoss: (random, c) => {
    const y = fill(random, c.n, c.d, signLabel);
    return [undefined, 0, marginFor(random, c.kind), -0.5].map((margin) =>
      [`margin=${margin}`, (ml, o) => ml.marginRankingLoss(c.x, c.x2, y, { ...o, margin })]);
  },
  bceWithLogitsLoss: (random, c) => {
    // Without a shape the input is 1-D: weight has one value per element, posWeight too.
    const y = fill(random, c.n, c.d, (r) => (r() < 0.5 ? bitLabel(r) : probability(r)));
    const weight = fill(random, c.n, c.d, positive);
    return [undefined, weight].map((w) => [`weight=${w ? 'yes' : 'no'} posWeight=${w ? 'yes' : 'no'}`,
      (ml, o) => ml.bceWithLogitsLoss(c.x, y, { ...o, weight: w, posWeight: w })]);
  },
};

const ROWWISE = {
  bceWithLogitsLoss: (random, c) => {
    const y = fill(random, c.n, c.d, (r) => (r() < 0.5 ? bitLabel(r) : probability(r)));
    const perClass = fill(random, c.classes, c.d, positive);
    const perElement = fill(random, c.n, c.d, positive);
    const posWeight = fill(random, c.classes, c.d, positive);
    const shape = [c.rows, c.classes];
    return [undefined, perClass, perElement].flatMap((weight, w) => [undefined, posWeight].map((pw) => [
      `weight=${['none', 'class', 'element'][w]} posWeight=${pw ? 'yes' : 'no'}`,
      (ml, o) => ml.bceWithLogitsLoss(c.x, y, { ...o, shape, weight, posWeight: pw }),
    ]));
  },
  multilabelSoftMarginLoss: (random, c) => {
    const y = fill(random, c.n, c.d, (r) => (r() < 0.7 ? bitLabel(r) : probability(r)));
    const weight = fill(random, c.classes, c.d, positive);
    const shape = [c.rows, c.classes];
    return [undefined, weight].map((w) => [`weight=${w ? 'yes' : 'no'}`,
      (ml, o) => ml.multilabelSoftMarginLoss(c.x, y, { ...o, shape, weight: w })]);
  },
  multiMarginLoss: (random, c) => {
    const t = indices(random, c.rows, c.classes);
    const weight = fill(random, c.classes, c.d, positive);
    const shape = [c.rows, c.classes];
    const variants = [];
    for (const p of [undefined, 1, 2]) {
      for (const margin of [undefined, 0, marginFor(random, c.kind)]) {
        for (const w of [undefined, weight]) {
          variants.push([`p=${p} margin=${margin} weight=${w ? 'yes' : 'no'}`,
            (ml, o) => ml.multiMarginLoss(c.x, t, { ...o, shape, p, margin, weight: w })]);
        }
      }
    }
    return variants;
  },
  multilabelMarginLoss: (random, c) => {
    // Per row: some target indices (repeats allowed), then -1, then anything.
    const lists = new Int32Array(c.n);
    for (let r = 0; r < c.rows; r++) {
      const length = Math.floor(random() * (c.classes + 1));
      for (let k = 0; k < c.classes; k++) lists[r * c.classes + k] = k === length ? -1 : Math.floor(random() * c.classes);
    }
    return [['', (ml, o) => ml.multilabelMarginLoss(c.x, lists, { ...o, shape: [c.rows, c.classes] })]];
  },
  crossEntropyLoss: (random, c) => {
    // Index targets over (rows, classes, inner) with some -100 (the default ignoreIndex) and some equal
    // to a valid class that a variant then ignores; probability targets, normalised or not.
    const shape = c.inner === 1 ? [c.rows, c.classes] : [c.rows, c.classes, c.inner];
    const outputs = c.rows * c.inner;
    const t = Int32Array.from(indices(random, outputs, c.classes), (v) => (random() < 0.15 ? -100 : v));
    const targets = { '-100': t, 0: t.map((v) => (v === -100 ? 0 : v)) };
    const probabilities = fill(random, c.n, c.d, probability);
    const weight = fill(random, c.classes, c.d, positive);
    const variants = [];
    for (const w of [undefined, weight]) {
      for (const labelSmoothing of [undefined, 0.1, 1]) {
        const common = `weight=${w ? 'yes' : 'no'} labelSmoothing=${labelSmoothing}`;
        for (const ignoreIndex of [undefined, 0]) {
          variants.push([`index ${common} ignoreIndex=${ignoreIndex}`, (ml, o) =>
            ml.crossEntropyLoss(c.x, targets[ignoreIndex ?? -100], { ...o, shape, weight: w, labelSmoothing, ignoreIndex })]);
        }
        variants.push([`probabilities ${common}`,
          (ml, o) => ml.crossEntropyLoss(c.x, probabilities, { ...o, shape, weight: w, labelSmoothing })]);
      }
    }
    return variants;
  },
};

// The embedding losses take pairs or triplets of rows, shape [N, D] or [D]. Their kernels restart the
// vector lanes at every row, so the boundaries are those of D (around the four float32 and two float64
// lanes and the unrolled loops) and of N. Some rows are made from another input's row, so that the edges
// are hit exactly: the same row (cosine 1 up to ε; triplet distance eps·D^(1/p), and a swap tie), its
// negation, a zero row (cosine's huge gradient) and an orthogonal one (cosine 0: margin 0's kink).
const DIMS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65];
const EMBEDDING_ROWS = [0, 1, 2, 3, 5];
function relatedRows(random, base, rows, dim, d, kind) {
  const related = values(random, rows * dim, d, kind);
  for (let r = 0; r < rows; r++) {
    const from = base.subarray(r * dim, (r + 1) * dim);
    const row = related.subarray(r * dim, (r + 1) * dim);
    const u = random();
    if (u < 0.15) row.set(from);
    else if (u < 0.25) row.set(from.map((v) => -v));
    else if (u < 0.3) row.fill(0);
    else if (u < 0.4 && dim >= 2) {
      row.fill(0);
      row[0] = -from[1];
      row[1] = from[0];
    }
  }
  return related;
}
// CosineEmbeddingLoss counts only labels exactly ±1; NaN and the others give 0 (docs/pytorch-compat.md#cosine-labels).
const cosineLabel = (random) => (random() < 0.8 ? sign(random) : pick(random, [0, 2, 0.5, -0.25, NaN]));

// `case` holds x, x2, x3 (the inputs), rows, dim, shape ([rows, dim] or [dim]), d, kind.
const EMBEDDING = {
  cosineEmbeddingLoss: (random, c) => {
    const y = fill(random, c.rows, c.d, cosineLabel);
    return [undefined, 0.5, -0.5, 1].map((margin) => [`margin=${margin}`,
      (ml, o) => ml.cosineEmbeddingLoss(c.x, c.x2, y, { ...o, shape: c.shape, margin })]);
  },
  tripletMarginLoss: (random, c) => {
    const variants = [];
    for (const p of [undefined, 1, 1.5, 3]) {
      for (const swap of [false, true]) {
        for (const eps of [undefined, 0]) {
          const margin = pick(random, [undefined, 0, marginFor(random, c.kind), -0.5]);
          variants.push([`p=${p} swap=${swap} eps=${eps} margin=${margin}`,
            (ml, o) => ml.tripletMarginLoss(c.x, c.x2, c.x3, { ...o, shape: c.shape, p, swap, eps, margin })]);
        }
      }
    }
    return variants;
  },
};

// Results differ when an element differs under Object.is; the message names it with both bit patterns.
function describeBits(value, d) {
  const bytes = new Uint8Array(d.Type.of(value).buffer);
  return `${value} (0x${Array.from(bytes).reverse().map((b) => b.toString(16).padStart(2, '0')).join('')})`;
}
function assertIdentical(a, b, where, output) {
  const label = `${where.label} ${output}`;
  if (a === null || b === null) return assert.equal(a, b, `${label}: null in one build only`);
  const x = typeof a === 'number' ? [a] : a;
  const y = typeof b === 'number' ? [b] : b;
  assert.equal(x.length, y.length, `${label}: length`);
  for (let i = 0; i < y.length; i++) {
    if (!Object.is(x[i], y[i])) {
      assert.fail(`${label}[${i}]: simd ${describeBits(x[i], where.d)}, baseline ${describeBits(y[i], where.d)}`);
    }
  }
}

// One call under every reduction and gradient mode, in both builds; `outputs` is the 'none' length.
function compareBuilds({ loss, label, d, outputs, random }, call) {
  for (const reduction of REDUCTIONS) {
    for (const mode of GRAD_MODES) {
      const options = { reduction, grad: mode !== 'no grad' };
      if (mode === 'gradOutput') {
        const upstream = () => pick(random, [0, -0, 1, -1.5, 0.75, 3, 1e-3]);
        options.gradOutput = reduction === 'none' ? fill(random, outputs, d, upstream) : upstream();
      }
      const a = call(simd, options);
      const b = call(baseline, options);
      const where = { d, label: `${loss} ${label} ${d.name} ${reduction} ${mode}` };
      assertIdentical(a.loss, b.loss, where, 'loss');
      assertIdentical(a.grad, b.grad, where, 'grad');
      if ('grad2' in b) assertIdentical(a.grad2, b.grad2, where, 'grad2');
      if ('grad3' in b) assertIdentical(a.grad3, b.grad3, where, 'grad3');
    }
  }
}

test('the two builds are the SIMD and the baseline one', () => {
  assert.equal(simd.simd, true);
  assert.equal(baseline.simd, false);
});

for (const d of DTYPES) {
  for (const [loss, variantsOf] of Object.entries(ELEMENTWISE)) {
    test(`${loss} (${d.name}): bit-identical builds at every vector-width boundary`, () => {
      const random = seededRandom(loss.length * 101 + d.Type.BYTES_PER_ELEMENT);
      for (const n of SIZES) {
        for (const kind of VALUES) {
          const c = { n, d, kind, x: values(random, n, d, kind), x2: values(random, n, d, kind) };
          for (const [variant, call] of variantsOf(random, c)) {
            compareBuilds({ loss, label: `n=${n} ${kind} ${variant}`, d, outputs: n, random }, call);
          }
        }
      }
    });
  }

  for (const [loss, variantsOf] of Object.entries(ROWWISE)) {
    test(`${loss} (${d.name}): bit-identical builds at every rows/classes boundary`, () => {
      const random = seededRandom(loss.length * 103 + d.Type.BYTES_PER_ELEMENT);
      for (const classes of CLASSES) {
        for (const rows of ROWS) {
          // Cross-entropy's inner dimension (shape [N, C, K]) changes its memory walk: try K = 3 too.
          for (const inner of loss === 'crossEntropyLoss' ? [1, 3] : [1]) {
            for (const kind of VALUES) {
              const n = rows * classes * inner;
              const c = { n, rows, classes, inner, d, kind, x: values(random, n, d, kind) };
              const outputs = loss === 'bceWithLogitsLoss' ? n : rows * inner;
              for (const [variant, call] of variantsOf(random, c)) {
                compareBuilds({ loss, label: `N=${rows} C=${classes} K=${inner} ${kind} ${variant}`, d, outputs, random }, call);
              }
            }
          }
        }
      }
    });
  }

  for (const [loss, variantsOf] of Object.entries(EMBEDDING)) {
    test(`${loss} (${d.name}): bit-identical builds at every row-length and rows boundary, 2-D and 1-D`, () => {
      const random = seededRandom(loss.length * 107 + d.Type.BYTES_PER_ELEMENT);
      for (const dim of DIMS) {
        for (const shape of [...EMBEDDING_ROWS.map((rows) => [rows, dim]), [dim]]) {
          const rows = shape.length === 2 ? shape[0] : 1;
          for (const kind of VALUES) {
            const x = values(random, rows * dim, d, kind);
            const x2 = relatedRows(random, x, rows, dim, d, kind);
            const x3 = relatedRows(random, random() < 0.5 ? x : x2, rows, dim, d, kind);
            const c = { x, x2, x3, rows, dim, shape, d, kind };
            for (const [variant, call] of variantsOf(random, c)) {
              compareBuilds({ loss, label: `shape=[${shape}] ${kind} ${variant}`, d, outputs: rows, random }, call);
            }
          }
        }
      }
    });
  }

  test(`1-D inputs (${d.name}): bit-identical builds for the row losses' single-sample form`, () => {
    const random = seededRandom(7 + d.Type.BYTES_PER_ELEMENT);
    for (const classes of CLASSES) {
      for (const kind of VALUES) {
        const x = values(random, classes, d, kind);
        const shape = [classes];
        const [t] = indices(random, 1, classes);
        const list = Int32Array.from({ length: classes }, (_, k) => (k < classes / 2 ? Math.floor(random() * classes) : -1));
        compareBuilds({ loss: 'multiMarginLoss', label: `C=${classes} ${kind}`, d, outputs: 1, random },
          (ml, o) => ml.multiMarginLoss(x, [t], { ...o, shape, p: 2 }));
        compareBuilds({ loss: 'multilabelMarginLoss', label: `C=${classes} ${kind}`, d, outputs: 1, random },
          (ml, o) => ml.multilabelMarginLoss(x, list, { ...o, shape }));
        const y = fill(random, classes, d, bitLabel);
        compareBuilds({ loss: 'multilabelSoftMarginLoss', label: `C=${classes} ${kind}`, d, outputs: 1, random },
          (ml, o) => ml.multilabelSoftMarginLoss(x, y, { ...o, shape }));
        compareBuilds({ loss: 'crossEntropyLoss', label: `C=${classes} ${kind}`, d, outputs: 1, random },
          (ml, o) => ml.crossEntropyLoss(x, [t], { ...o, shape, labelSmoothing: 0.1 }));
      }
    }
  });
}
