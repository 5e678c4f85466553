// The convention lab's cases, without any DOM: for each mistake, the correct and the mistaken package
// call at the lab's score s, the sentences a card may say with the condition on the live numbers under
// which each is shown (and the claims it makes, so a test can check them), and the explorer state the
// card opens. Every number comes from the package; nothing here re-implements a loss.
import { fmt } from './dom.js';
import { cosineCall, packageCosine } from './embedding-calls.js';
import { PLANE, snapCoord } from './embedding-state.js';
import { SCORE_DOMAIN, lossExample } from './state.js';

const f64 = (...v) => Float64Array.from(v);
const one = (r) => ({ loss: typeof r.loss === 'number' ? r.loss : r.loss[0], grad: r.grad[0] });
const at = (r, i) => ({ loss: r.loss, grad: r.grad[i] });
const gradText = (g) => (g === 0 ? '0 (exactly)' : fmt(g));
const toExplorer = (s) => Math.min(SCORE_DOMAIN[1], Math.max(SCORE_DOMAIN[0], s));
const sigmoid = (x) => 1 / (1 + Math.exp(-x)); // the squashing the "sigmoid first" mistake applies
const round2 = (v) => Math.round(v * 100) / 100; // the explorer's sliders move in steps of 0.01
const withScore = (x, i, s) => x.map((v, k) => (k === i ? toExplorer(s) : v));

/** The score in [lo, hi] where `f` (a package call) changes sign, by bisection; null without a change. */
export function zeroCrossing(f, lo = -6, hi = 6) {
  let a = lo;
  let b = hi;
  let fa = f(a);
  if (Math.sign(fa) === Math.sign(f(b))) return null;
  for (let k = 0; k < 80; k++) {
    const m = (a + b) / 2;
    const fm = f(m);
    if (Math.sign(fm) === Math.sign(fa)) { a = m; fa = fm; } else b = m;
  }
  return (a + b) / 2;
}

// A sentence: shown when `when(n)` holds; `claims(n)` lists what it asserts, each [kind, ...args], for the
// test that checks every shown sentence against the numbers (paths name numbers: 'wrong.loss', 'slope'…):
//   ['negative'|'positive'|'zero'|'ln2', path]  < 0, > 0, === 0, within 1e-12 of ln 2
//   ['floor'|'ceiling', path, bound]            ≥ bound, ≤ bound (at every score the sentence is shown)
//   ['wrongWay']                                wrong.grad and right.grad have opposite signs
//   ['same', pathA, pathB]                      the two calls give the same loss and gradient (1e-12)
//   ['smaller', pathA, pathB]                   |A| < |B|
//   ['root', x]                                 wrong.loss changes sign at x (± 0.005)
//   ['unbounded', direction]                    wrong.loss falls without bound as x → direction·∞
//   ['constant', path]                          the same at every score
//   ['throws']                                  n.error holds the package's RangeError message
//   ['maxMargin']                               wrong.loss = max(x, margin 1)
//   ['aboveMargin'] ['belowMargin']             the cosine is above, below the margin 0.25
//   ['apart']                                   a descent step on x lowers the cosine
//   ['vanishes', path]                          |number| ≤ 1e−9
const say = (when, text, claims = () => []) => ({ when, text, claims });
const always = () => true;

/** Sentences for a loss that goes negative: where it is now, and where it crosses zero. */
const signSentences = (direction) => [
  say((n) => n.wrong.loss < 0, (n) => `Here it is negative: ${fmt(n.wrong.loss)}.`, () => [['negative', 'wrong.loss']]),
  say((n) => n.wrong.loss > 0 && n.root !== null,
    (n) => `Here it is still positive (${fmt(n.wrong.loss)}); it turns negative ${direction < 0 ? 'below' : 'above'} x ≈ ${fmt(n.root, 2)}.`,
    (n) => [['positive', 'wrong.loss'], ['root', n.root]]),
];

export const CASES = [
  {
    id: 'soft', loss: 'SoftMarginLoss', title: 'SoftMarginLoss fed {0, 1} labels',
    note: 'One score x whose label is “negative”.',
    right: { label: 'negative written y = −1' }, wrong: { label: 'negative written y = 0' },
    measure: (ml, s) => ({
      right: one(ml.softMarginLoss(f64(s), f64(-1), { reduction: 'sum' })),
      wrong: one(ml.softMarginLoss(f64(s), f64(0), { reduction: 'sum' })),
    }),
    verdicts: [
      say((n) => Math.abs(n.wrong.loss - Math.LN2) < 1e-12 && n.wrong.grad === 0,
        () => 'y = 0 gives a flat ln 2 = 0.6931 with gradient exactly 0: negatives never learn.',
        () => [['ln2', 'wrong.loss'], ['zero', 'wrong.grad'], ['constant', 'wrong.loss']]),
      say((n) => n.right.grad > 0, (n) => `With y = −1 the gradient is ${fmt(n.right.grad)} here: the score is pushed down.`,
        () => [['positive', 'right.grad']]),
    ],
    mistake: ['softMarginLoss', [0]],
    explore: (s) => ({ ...lossExample('softMargin'), x: withScore([1.5, -0.5, 0.8, -2], 1, s), y: [1, 0, 1, 0], sel: 1 }),
    exploreShowsMistake: true,
  },
  {
    id: 'bce', loss: 'BCEWithLogitsLoss', title: 'BCEWithLogitsLoss fed {−1, +1} labels',
    note: 'One score x whose label is “negative”.',
    right: { label: 'negative written y = 0' }, wrong: { label: 'negative written y = −1' },
    measure: (ml, s) => ({
      right: one(ml.bceWithLogitsLoss(f64(s), f64(0), { reduction: 'sum' })),
      wrong: one(ml.bceWithLogitsLoss(f64(s), f64(-1), { reduction: 'sum' })),
    }),
    rootOf: (ml) => zeroCrossing((s) => one(ml.bceWithLogitsLoss(f64(s), f64(-1), { reduction: 'sum' })).loss),
    verdicts: [
      say(always, () => 'y = −1 turns the loss into 2x + softplus(−x), unbounded below as x falls.', () => [['unbounded', -1]]),
      ...signSentences(-1),
      say((n) => n.wrong.grad >= 1,
        (n) => `Its gradient σ(x) + 1 = ${fmt(n.wrong.grad)} never drops below 1: descent pushes the score down forever (with y = 0 it is ${fmt(n.right.grad)} here, and fades as x falls).`,
        () => [['floor', 'wrong.grad', 1]]),
    ],
    mistake: ['bceWithLogitsLoss', [-1]],
    explore: (s) => ({ ...lossExample('bceWithLogits'), x: withScore([2, -1, -2.5, 0.5], 2, s), y: [1, -1, -1, 1], sel: 2 }),
    exploreShowsMistake: true,
  },
  {
    id: 'mlsm', loss: 'MultiLabelSoftMarginLoss', title: 'MultiLabelSoftMarginLoss with rows “padded by −1”',
    note: 'Classes 0 and 2 present of 4; scores [1.5, x, 0.8, −2]; the curve moves class 1 (absent); the loss is the row’s mean over its 4 classes.',
    right: { label: 'row [1, 0, 1, 0]' }, wrong: { label: 'row [1, −1, 1, −1]' },
    measure: (ml, s) => ({
      right: at(ml.multilabelSoftMarginLoss(f64(1.5, s, 0.8, -2), f64(1, 0, 1, 0), { shape: [1, 4] }), 1),
      wrong: at(ml.multilabelSoftMarginLoss(f64(1.5, s, 0.8, -2), f64(1, -1, 1, -1), { shape: [1, 4] }), 1),
    }),
    rootOf: (ml) => zeroCrossing((s) => ml.multilabelSoftMarginLoss(f64(1.5, s, 0.8, -2), f64(1, -1, 1, -1), { shape: [1, 4] }).loss),
    verdicts: [
      say(always, () => 'The old docs said “padded by −1” (pytorch#36217): each −1 class adds 2x + softplus(−x), so the loss is unbounded below as x falls.',
        () => [['unbounded', -1]]),
      ...signSentences(-1),
      say((n) => n.wrong.grad >= 0.25,
        (n) => `The gradient on class 1, ${fmt(n.wrong.grad)}, never drops below 1/4: it is pushed down forever.`,
        () => [['floor', 'wrong.grad', 0.25]]),
    ],
    mistake: ['multilabelSoftMarginLoss', [1, -1, 1, -1], { shape: [1, 4] }],
    explore: (s) => ({ ...lossExample('multilabelSoftMargin'), x: withScore([1.5, -0.5, 0.8, -2], 1, s), y: [1, -1, 1, -1], sel: 1 }),
    exploreShowsMistake: true,
  },
  {
    id: 'mlm', loss: 'MultiLabelMarginLoss', title: 'MultiLabelMarginLoss fed a multi-hot row',
    note: 'True classes {1, 3} of 4; scores [x, 0.2, 0.4, 0.8]; the curve moves class 0 (not a true class).',
    right: { label: 'index list [1, 3, −1, −1]' }, wrong: { label: 'multi-hot row [0, 1, 0, 1]' },
    measure: (ml, s) => ({
      right: one(ml.multilabelMarginLoss(f64(s, 0.2, 0.4, 0.8), [1, 3, -1, -1], { shape: [1, 4] })),
      wrong: one(ml.multilabelMarginLoss(f64(s, 0.2, 0.4, 0.8), [0, 1, 0, 1], { shape: [1, 4] })),
    }),
    verdicts: [
      say(always, () => '[0, 1, 0, 1] is read as a list of class indices: {0, 1}, each counted twice. Class 0 becomes a “true” class, and true class 3 an “other” one.'),
      say((n) => n.wrong.grad < 0 && n.right.grad > 0,
        (n) => `Class 0’s gradient is ${fmt(n.wrong.grad)} instead of ${fmt(n.right.grad)}: pushed the wrong way, up.`,
        () => [['wrongWay']]),
      say((n) => n.wrong.grad === 0 && n.right.grad > 0,
        (n) => `Class 0’s gradient is 0 (exactly) instead of ${fmt(n.right.grad)}: it is no longer pushed down.`,
        () => [['zero', 'wrong.grad'], ['positive', 'right.grad']]),
      say((n) => n.wrong.grad < 0 && n.right.grad === 0,
        (n) => `Class 0 is already a margin below the true classes (its correct gradient is 0 (exactly)), yet it gets ${fmt(n.wrong.grad)}: pushed up.`,
        () => [['zero', 'right.grad'], ['negative', 'wrong.grad']]),
      say((n) => n.wrong.grad === 0 && n.right.grad === 0,
        () => 'At this score neither target moves class 0 (gradient 0 (exactly) both ways); move x to see them differ.',
        () => [['zero', 'wrong.grad'], ['zero', 'right.grad']]),
    ],
    mistake: ['multilabelMarginLoss', [0, 1, 0, 1], { shape: [1, 4] }],
    explore: (s) => ({ ...lossExample('multilabelMargin'), x: withScore([0.1, 0.2, 0.4, 0.8], 0, s), y: [0, 1, 0, 1], tf: 'multihot', sel: 0 }),
    exploreShowsMistake: true,
  },
  {
    id: 'mlsmlist', loss: 'MultiLabelSoftMarginLoss', title: 'MultiLabelSoftMarginLoss fed an index list',
    note: 'True classes {1, 3} of 4; scores [0.1, x, 0.4, 0.8]; the curve moves class 1 (a true class); the loss is the row’s mean over its 4 classes.',
    right: { label: 'multi-hot row [0, 1, 0, 1]' }, wrong: { label: 'index list [1, 3, −1, −1]' },
    measure: (ml, s) => ({
      right: at(ml.multilabelSoftMarginLoss(f64(0.1, s, 0.4, 0.8), f64(0, 1, 0, 1), { shape: [1, 4] }), 1),
      wrong: at(ml.multilabelSoftMarginLoss(f64(0.1, s, 0.4, 0.8), f64(1, 3, -1, -1), { shape: [1, 4] }), 1),
    }),
    rootOf: (ml) => zeroCrossing((s) => ml.multilabelSoftMarginLoss(f64(0.1, s, 0.4, 0.8), f64(1, 3, -1, -1), { shape: [1, 4] }).loss),
    verdicts: [
      say(always, () => 'The list is read as labels y = 1, 3, −1, −1: class 0 (not true) is made present, true class 3 gets y = −1 and is pushed down, and class 1 gets y = 3, the term 3·softplus(−x) − 2·softplus(x), unbounded below as x grows.',
        () => [['unbounded', 1]]),
      ...signSentences(1),
      say((n) => n.wrong.grad <= -0.5,
        (n) => `Class 1’s gradient, ${fmt(n.wrong.grad)}, never rises above −1/2 (with the row, ${fmt(n.right.grad)}, it fades as x grows): class 1 is pushed up forever.`,
        () => [['ceiling', 'wrong.grad', -0.5]]),
    ],
    mistake: ['multilabelSoftMarginLoss', [1, 3, -1, -1], { shape: [1, 4] }],
    // The explorer holds labels −1, 0 and 1 only: it opens the same scores and list in the loss the list is written for.
    explore: (s) => ({ ...lossExample('multilabelMargin'), x: withScore([0.1, 0.2, 0.4, 0.8], 1, s), y: [0, 1, 0, 1], tf: 'list', sel: 1 }),
    exploreLabel: 'Open this list in MultiLabelMarginLoss, the loss it is written for',
    exploreShowsMistake: false,
  },
  {
    id: 'cerows', loss: 'CrossEntropyLoss', title: 'CrossEntropyLoss fed one-hot or multi-hot rows',
    note: 'Scores [1, 2.2, 0.5, x]; the curve moves class 3. A float row of the input’s shape is read as class probabilities (since PyTorch 1.10).',
    right: { label: 'class index 3' }, wrong: { label: 'multi-hot row [0, 1, 0, 1]' },
    extra: { label: 'one-hot row [0, 0, 0, 1]' },
    measure: (ml, s) => ({
      right: at(ml.crossEntropyLoss(f64(1, 2.2, 0.5, s), [3], { shape: [1, 4] }), 3),
      wrong: at(ml.crossEntropyLoss(f64(1, 2.2, 0.5, s), f64(0, 1, 0, 1), { shape: [1, 4] }), 3),
      extra: at(ml.crossEntropyLoss(f64(1, 2.2, 0.5, s), f64(0, 0, 0, 1), { shape: [1, 4] }), 3),
    }),
    verdicts: [
      say((n) => Math.abs(n.extra.loss - n.right.loss) < 1e-12 && Math.abs(n.extra.grad - n.right.grad) < 1e-12,
        (n) => `A one-hot float row gives the same loss as the index (${fmt(n.right.loss)}) and the same gradient: it is read as probabilities (an integer one-hot row is an error in PyTorch).`,
        () => [['same', 'extra', 'right']]),
      say((n) => n.wrong.loss >= 2 * Math.LN2,
        (n) => `A multi-hot row sums to 2: the loss is −log p₁ − log p₃ (here ${fmt(n.wrong.loss)}), which never drops below 2·ln 2 = 1.3863, since raising one class lowers the other.`,
        () => [['floor', 'wrong.loss', 2 * Math.LN2]]),
      say((n) => n.wrong.grad > 0 && n.right.grad < 0,
        (n) => `Here class 3’s gradient is ${fmt(n.wrong.grad)} instead of ${fmt(n.right.grad)}: past p₃ = 1/2 it is pushed the wrong way, down.`,
        () => [['wrongWay']]),
      say((n) => n.wrong.grad < 0, (n) => `Here class 3’s gradient is ${fmt(n.wrong.grad)}: pushed up, but only until p₃ = 1/2.`,
        () => [['negative', 'wrong.grad']]),
    ],
    mistake: ['crossEntropyLoss', f64(0, 1, 0, 1), { shape: [1, 4] }],
    // The explorer takes one class index: it opens the index form of the same scores.
    explore: (s) => ({ ...lossExample('crossEntropy'), x: withScore([1, 2.2, 0.5, 1.8], 3, s), t: 3, sel: 3 }),
    exploreLabel: 'Explore the index form in the CrossEntropyLoss explorer',
    exploreShowsMistake: false,
  },
  {
    id: 'onebased', loss: 'CrossEntropyLoss', title: 'CrossEntropyLoss fed 1-based class indices',
    note: 'Three classes labelled 1, 2, 3; the truth is the third (index 2), written 3. Scores [0.5, 1, x], and a spare fourth output −1.',
    right: { label: '4 outputs, index 2' }, wrong: { label: '4 outputs, label 3' },
    measure: (ml, s) => {
      let error = null;
      try { ml.crossEntropyLoss(f64(0.5, 1, s), [3], { shape: [1, 3] }); } catch (e) { if (e instanceof RangeError) error = e.message; else throw e; }
      return {
        error,
        right: at(ml.crossEntropyLoss(f64(0.5, 1, s, -1), [2], { shape: [1, 4] }), 2),
        wrong: at(ml.crossEntropyLoss(f64(0.5, 1, s, -1), [3], { shape: [1, 4] }), 2),
      };
    },
    verdicts: [
      say((n) => n.error !== null,
        (n) => `With 3 outputs, label 3 is out of range: the package throws RangeError “${n.error}”, as PyTorch raises IndexError “Target 3 is out of bounds.”`,
        () => [['throws']]),
      say((n) => n.wrong.grad > 0 && n.right.grad < 0,
        (n) => `With a spare fourth output the call runs and trains class 3 instead: class 2’s gradient is ${fmt(n.wrong.grad)} instead of ${fmt(n.right.grad)}, pushed the wrong way, down.`,
        () => [['wrongWay']]),
    ],
    mistake: ['crossEntropyLoss', [3], { shape: [1, 3] }],
    explore: (s) => ({ ...lossExample('crossEntropy'), x: withScore([0.5, 1, 0, -1], 2, s), t: 3, sel: 2 }),
    exploreShowsMistake: true,
  },
  {
    id: 'squash', loss: 'BCEWithLogitsLoss', title: 'BCEWithLogitsLoss fed sigmoid outputs',
    note: 'One score x labelled y = 0, passed through torch.sigmoid before a loss that applies the sigmoid itself. Gradients are with respect to x.',
    right: { label: 'raw score x (a logit)' }, wrong: { label: 'σ(x) passed as the logit' },
    measure: (ml, s) => {
      const p = sigmoid(s);
      const squashed = one(ml.bceWithLogitsLoss(f64(p), f64(0), { reduction: 'sum' }));
      return {
        slope: p * (1 - p), // σ′(x): what the chain rule multiplies the loss's slope by on its way back to x
        right: one(ml.bceWithLogitsLoss(f64(s), f64(0), { reduction: 'sum' })),
        wrong: { loss: squashed.loss, grad: squashed.grad * p * (1 - p) },
      };
    },
    verdicts: [
      say((n) => n.wrong.loss > Math.LN2,
        (n) => `Fed σ(x), which lies in (0, 1), the loss never drops below ln 2 = 0.6931 (here ${fmt(n.wrong.loss)}, against ${fmt(n.right.loss)} for the raw score): “my loss is stuck at 0.693”.`,
        () => [['floor', 'wrong.loss', Math.LN2]]),
      say((n) => n.slope <= 0.25 && Math.abs(n.wrong.grad) < Math.abs(n.right.grad),
        (n) => `Its gradient ${fmt(n.wrong.grad)} is scaled by σ′(x) = ${fmt(n.slope)} ≤ 1/4, smaller than the raw score’s ${fmt(n.right.grad)}: training barely moves.`,
        () => [['ceiling', 'slope', 0.25], ['smaller', 'wrong.grad', 'right.grad']]),
    ],
    mistake: ['bceWithLogitsLoss', [0]],
    explore: (s) => ({ ...lossExample('bceWithLogits'), x: [2, s, 0.5, -2.5].map((v) => round2(sigmoid(v))), y: [1, 0, 0, 1], sel: 1 }),
    exploreShowsMistake: true,
  },
  {
    id: 'ranking', loss: 'MarginRankingLoss', title: 'MarginRankingLoss fed y = 0 (“no preference”)',
    note: 'One pair: x1 = x, x2 = 0, margin 0.5.',
    right: { label: 'y = +1 (x1 should win)' }, wrong: { label: 'y = 0' },
    measure: (ml, s) => ({
      right: one(ml.marginRankingLoss(f64(s), f64(0), f64(1), { margin: 0.5, reduction: 'sum' })),
      wrong: one(ml.marginRankingLoss(f64(s), f64(0), f64(0), { margin: 0.5, reduction: 'sum' })),
    }),
    verdicts: [
      say((n) => n.wrong.grad === 0 && n.wrong.loss === 0.5,
        () => 'y = 0 gives max(0, margin) = 0.5000 at every score, with gradient exactly 0: the loss never decreases.',
        () => [['zero', 'wrong.grad'], ['constant', 'wrong.loss']]),
    ],
    mistake: ['marginRankingLoss', [0]],
    explore: (s) => ({ ...lossExample('marginRanking'), x: withScore([1, 2, 0, 3], 0, s), x2: [0, 1, 0.2, 0], y: [0, 0, 0, 0], sel: 0 }),
    exploreShowsMistake: true,
  },
  {
    id: 'cosine', loss: 'CosineEmbeddingLoss', title: 'CosineEmbeddingLoss fed {0, 1} labels',
    note: 'One dissimilar pair of embeddings: x1 = [1, 0] and x2 = [1, x], margin 0.25. The gradient is the one on x, x2’s second coordinate.',
    right: { label: 'dissimilar written y = −1' }, wrong: { label: 'dissimilar written y = 0' },
    yDomain: [-0.25, 1],
    measure: (ml, s) => {
      const call = (y) => { const r = cosineCall(ml, [1, 0], [1, s], y, 0.25); return { loss: r.loss, grad: r.grad2[1] }; };
      return { right: call(-1), wrong: call(0), cos: packageCosine(ml, [1, 0], [1, s]) };
    },
    verdicts: [
      say((n) => n.wrong.loss === 0 && n.wrong.grad === 0,
        () => 'y = 0 is neither +1 nor −1: the pair costs exactly 0 with gradient exactly 0 at every score, however close the two vectors are. It is never pushed apart.',
        () => [['zero', 'wrong.loss'], ['zero', 'wrong.grad'], ['constant', 'wrong.loss']]),
      say((n) => n.right.loss > 0 && Math.abs(n.right.grad) > 1e-9,
        (n) => `With y = −1 it costs cos − margin = ${fmt(n.right.loss)} here (cos = ${fmt(n.cos)} is above 0.25), and its gradient ${fmt(n.right.grad)} turns x2 away from x1.`,
        () => [['aboveMargin'], ['apart']]),
      say((n) => n.right.loss > 0 && Math.abs(n.right.grad) <= 1e-9,
        (n) => `With y = −1 it costs ${fmt(n.right.loss)} here, where x2 points along x1 and the cosine is at its top: the gradient vanishes, and any nudge starts the push apart.`,
        () => [['aboveMargin'], ['vanishes', 'right.grad']]),
      say((n) => n.right.loss === 0,
        (n) => `With y = −1 it costs 0 here too: cos = ${fmt(n.cos)} is below the margin 0.25, far enough apart.`,
        () => [['zero', 'right.loss'], ['belowMargin']]),
    ],
    mistake: ['cosineEmbeddingLoss', [0], { shape: [1, 2] }],
    explore: (s) => ({ ...lossExample('cosineEmbedding'), u: [1, 0], v: [1, snapCoord(s)], cy: 0, margin: 0.25 }),
    exploreLimit: PLANE[1],
    // The explorer holds one pair: it shows the mistake whenever that pair's label is 0.
    shows: (st) => st.loss === 'cosineEmbedding' && st.cy === 0,
    exploreShowsMistake: true,
  },
  {
    id: 'hinge', loss: 'HingeEmbeddingLoss', title: 'HingeEmbeddingLoss fed {0, 1} labels',
    note: 'x is the distance of a dissimilar pair (a distance is never negative); margin 1.',
    right: { label: 'dissimilar written y = −1' }, wrong: { label: 'dissimilar written y = 0' },
    measure: (ml, s) => ({
      right: one(ml.hingeEmbeddingLoss(f64(s), f64(-1), { reduction: 'sum' })),
      wrong: one(ml.hingeEmbeddingLoss(f64(s), f64(0), { reduction: 'sum' })),
    }),
    verdicts: [
      say(always, () => 'y = 0 gets both terms, x + max(0, margin − x) = max(x, margin).', () => [['maxMargin']]),
      say((n) => n.wrong.grad === 0,
        (n) => `Here it is flat (${fmt(n.wrong.loss)}, gradient exactly 0): the pair is not pushed apart${n.right.grad < 0 ? `, where y = −1 would push with ${fmt(n.right.grad)}` : ''}.`,
        (n) => [['zero', 'wrong.grad'], ...(n.right.grad < 0 ? [['negative', 'right.grad']] : [])]),
      say((n) => n.wrong.grad > 0,
        (n) => `Here x is past the margin and the gradient is ${fmt(n.wrong.grad)}: descent pulls the dissimilar pair together.`,
        () => [['positive', 'wrong.grad']]),
    ],
    mistake: ['hingeEmbeddingLoss', [0]],
    explore: (s) => ({ ...lossExample('hingeEmbedding'), x: withScore([0.3, 2, 0.6, 1.4], 2, s), y: [1, 1, 0, 0], sel: 2 }),
    exploreShowsMistake: true,
  },
];

export const LAB_CASE_IDS = CASES.map((c) => c.id);

const roots = new WeakMap();
/** The numbers a card shows at score s: { s, right, wrong, root, … } (root: where the mistake's loss
 *  changes sign on the slider's range, or null). */
export function numbersAt(ml, c, s) {
  if (!roots.has(ml)) roots.set(ml, new Map());
  const cache = roots.get(ml);
  if (!cache.has(c.id)) cache.set(c.id, c.rootOf ? c.rootOf(ml) : null);
  return { s, root: cache.get(c.id), ...c.measure(ml, s) };
}

/** The sentences shown for numbers n, each with its claims: [{ text, claims }]. */
export function verdictsAt(c, n) {
  return c.verdicts.filter((v) => v.when(n)).map((v) => ({ text: v.text(n), claims: v.claims(n) }));
}

/** Whether explorer state `st` shows this case's mistake (any score where the lab's score goes). */
export function explorerShows(c, st) {
  if (!c.exploreShowsMistake) return false;
  if (c.shows) return c.shows(st);
  const e = c.explore(0);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const others = (x) => x.filter((_, i) => i !== e.sel);
  return st.loss === e.loss && same(st.y, e.y) && st.t === e.t && st.tf === e.tf && st.margin === e.margin
    && same(others(st.x), others(e.x)) && (e.loss !== 'marginRanking' || same(st.x2, e.x2));
}

export { gradText };
