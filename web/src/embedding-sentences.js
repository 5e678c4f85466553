// The sentences the embedding explorers say about the live numbers (embedding-calls.js), each shown only
// when its condition on those numbers holds, each with the claims it makes, so that a test can check every
// shown sentence against an independent oracle (closed forms, web/tests/embeddings.test.mjs):
//   ['zero', path]            the number, or every entry of the array, at path is exactly 0
//   ['cosLoss'] ['hingeLoss'] the loss is 1 − cos (y = +1), cos − margin (y = −1)
//   ['cosAbove'] ['cosBelow'] cos > margin, cos < margin (['cosAtMost']: ≤)
//   ['kink']                  the hinge is exactly at its corner (loss 0) and the gradient is not 0
//   ['together'] ['apart']    a small descent step raises, lowers the cosine
//   ['still']                 every gradient vanishes: |gradient|·|its vector| below 10⁻⁶ (ε's rounding-level
//                             push along aligned vectors), or exactly 0
//   ['perpendicular']         each non-zero gradient is perpendicular to its own vector
//   ['inverseLength']         doubling x1 halves x1's gradient
//   ['zeroVector', which]     that vector is 0, and the cosine is 0
//   ['huge', path]            that gradient is longer than 10⁵
//   ['other', label, value]   the package's loss of the same pair with that label is value
//   ['tripletLoss']           the loss is margin + d(a, p) − d⁻
//   ['hard'] ['semiHard']     d⁻ < d(a, p); d(a, p) ≤ d⁻ < d(a, p) + margin
//   ['holds']                 d⁻ ≥ d(a, p) + margin
//   ['pull'] ['anchorPull']   the positive's (the anchor's) descent step points toward the anchor (the
//                             positive): a positive dot product with the difference
//   ['push']                  the negative's descent step points away from the anchor
//   ['pushFromPositive']      the negative's descent step points away from the positive
//   ['samePoint', x, z]       the two points are the same
//   ['positiveBoth']          the positive's gradient is that of d(a, p) plus that of d(p, n)
//   ['branch', which]         swap's d⁻ is d(a, n) ('an'), d(p, n) ('pn'), or a tie
//   ['anchorPullOnly']        the anchor's gradient is that of d(a, p) alone
//   ['epsDistance']           d(a, p) = eps·2^(1/p), the distance of two equal points
//   ['diagonal', path]        that gradient has two equal, non-zero coordinates
import { fmt } from './dom.js';

const say = (when, text, claims = () => []) => ({ when, text, claims });
const norm = (g) => Math.hypot(...g);
const isZero = (x) => x[0] === 0 && x[1] === 0;
const same = (x, z) => x[0] === z[0] && x[1] === z[1];
const moving = (n, keys) => keys.some((k) => norm(n[k]) > 1e-9);
// Parallel or opposite vectors: the cosine is at its top or bottom, where its slope vanishes and what is
// left of the gradient is ε's rounding-level push along the vectors. (The plane's 0.05 grid puts every
// other pair at least 1.4·10⁻⁴ from |cos| = 1.)
const aligned = (n) => Math.abs(n.cos) > 1 - 1e-7;
const turning = (n) => moving(n, ['grad', 'grad2']) && !aligned(n);
function stillWhy(n) {
  if (isZero(n.x1) && isZero(n.x2)) return 'two zero vectors have nothing to turn';
  return n.cos > 0 ? 'the two point the same way, where the cosine is at its top' : 'the two point in opposite directions, where the cosine is at its bottom';
}
/** A length in scientific notation, as 6.0·10⁵. */
function sci(v) {
  if (v === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(v)));
  const sup = String(e).replace('-', '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d]);
  return `${fmt(v / 10 ** e, 1)}·10${sup}`;
}
const m2 = (m) => fmt(m, 2);
/** A loss as printed: four decimals, or, when that would read 0.0000 for a loss that is not 0 (rounding
 *  beside a hinge's corner), scientific notation. */
const amount = (v) => (v !== 0 && Math.abs(v) < 5e-5 ? sci(v) : fmt(v));

export const COSINE_SENTENCES = [
  say((n) => n.y === 1 && turning(n),
    (n) => `cos = ${fmt(n.cos)} (an angle of ${fmt(n.angle, 1)}°): this similar pair costs 1 − cos = ${amount(n.loss)}, and descent turns x₁ and x₂ toward each other.`,
    () => [['cosLoss'], ['together']]),
  say((n) => n.y === 1 && !turning(n),
    (n) => `cos = ${fmt(n.cos)}: this similar pair costs 1 − cos = ${amount(n.loss)}, and its gradients vanish: ${stillWhy(n)}${n.cos < 0 ? ', and any nudge starts the pull together' : ''}.`,
    () => [['cosLoss'], ['still']]),
  say((n) => n.y === -1 && n.loss > 0 && turning(n),
    (n) => `cos = ${fmt(n.cos)} > margin ${m2(n.margin)}, so this dissimilar pair costs cos − margin = ${amount(n.loss)} and descent pushes x₁ and x₂ apart.`,
    () => [['cosAbove'], ['hingeLoss'], ['apart']]),
  say((n) => n.y === -1 && n.loss > 0 && !turning(n),
    (n) => `cos = ${fmt(n.cos)} > margin ${m2(n.margin)}, so this dissimilar pair costs cos − margin = ${amount(n.loss)}; its gradients vanish: ${stillWhy(n)}${n.cos > 0 ? ', and any nudge starts the push apart' : ''}.`,
    () => [['cosAbove'], ['hingeLoss'], ['still']]),
  say((n) => n.y === -1 && n.loss === 0 && !moving(n, ['grad', 'grad2']),
    (n) => `cos = ${fmt(n.cos)} ${n.cos < n.margin ? '<' : '≤'} margin ${m2(n.margin)}: this dissimilar pair is already far enough apart, so its loss and both gradients are exactly 0.`,
    (n) => [[n.cos < n.margin ? 'cosBelow' : 'cosAtMost'], ['zero', 'loss'], ['zero', 'grad'], ['zero', 'grad2']]),
  say((n) => n.y === -1 && n.loss === 0 && moving(n, ['grad', 'grad2']),
    (n) => `cos = margin = ${m2(n.margin)}: the pair sits exactly on the hinge’s corner. The loss is 0, but PyTorch counts the corner as active, so the gradients still push the pair apart.`,
    () => [['kink'], ['apart']]),
  say((n) => n.y === 0,
    (n) => `y = 0 is neither +1 nor −1, so the pair costs exactly 0 and both gradients are exactly 0, whatever the vectors. Labelled −1 it would cost ${fmt(n.byLabel[-1].loss)}${n.byLabel[-1].loss > 0 ? ' and be pushed apart' : ''}; labelled +1, ${fmt(n.byLabel[1].loss)}.`,
    (n) => [['zero', 'loss'], ['zero', 'grad'], ['zero', 'grad2'], ['other', -1, n.byLabel[-1].loss], ['other', 1, n.byLabel[1].loss]]),
  say((n) => n.y === 0,
    () => 'With {0, 1} labels every dissimilar pair is a 0 like this one: nothing is ever pushed apart, and mapping every input to one direction costs nothing. Map the labels with y = 2t − 1.',
    () => [['zero', 'loss'], ['zero', 'grad'], ['zero', 'grad2']]),
  say((n) => !isZero(n.x1) && !isZero(n.x2) && turning(n),
    () => 'Each gradient is perpendicular to its own vector: the loss turns x₁ and x₂ and never changes their lengths, and a vector twice as long gets half the push.',
    () => [['perpendicular'], ['inverseLength']]),
  ...['x1', 'x2'].map((key, i) => say((n) => isZero(n[key]) && !isZero(n[i ? 'x1' : 'x2']),
    (n) => {
      const g = n[i ? 'grad2' : 'grad'];
      return `x${'₁₂'[i]} is the zero vector: its cosine with anything is 0 (ε = 10⁻¹² under the square root keeps it finite)${norm(g) > 0 ? `, and its gradient is huge, |∂ℓ/∂x${'₁₂'[i]}| = ${sci(norm(g))}` : ''}.`;
    },
    (n) => [['zeroVector', key], ...(norm(n[i ? 'grad2' : 'grad']) > 0 ? [['huge', i ? 'grad2' : 'grad']] : [])])),
];

/** The sentence under the cosine plane: what the amber wedge is, from the package's band. */
export function describeBand(n) {
  const { half } = n.band;
  if (half === 0) return { text: `No direction of x₂ has cos > margin ${m2(n.margin)}: no dissimilar pair pays, wherever x₂ points.`, claims: [['band']] };
  if (half === Math.PI) return { text: `Every direction of x₂ has cos > margin ${m2(n.margin)}: a dissimilar pair pays wherever x₂ points.`, claims: [['band']] };
  return {
    text: `Amber wedge: the directions of x₂ within ${fmt((half * 180) / Math.PI, 1)}° of x₁, where cos > margin ${m2(n.margin)}. A dissimilar (y = −1) pair pays inside it and is pushed out of it.`,
    claims: [['band']],
  };
}

const d = (v) => fmt(v);
const dMinus = (n) => (n.branch === 'pn' ? 'd(p, n)' : 'd(a, n)');
/** Two distances printed with enough digits (4 to 10) that different values read differently. */
function both(a, b) {
  let digits = 4;
  while (digits < 10 && a !== b && fmt(a, digits) === fmt(b, digits)) digits += 1;
  return [fmt(a, digits), fmt(b, digits)];
}

export const TRIPLET_SENTENCES = [
  say((n) => n.loss > 0 && n.dNeg < n.dPos,
    (n) => {
      const [neg, pos] = both(n.dNeg, n.dPos);
      const who = n.branch === 'pn' ? 'the negative is closer to the positive than the positive is to the anchor' : 'a hard negative, closer to the anchor than the positive is';
      return `${dMinus(n)} = ${neg} is smaller than d(a, p) = ${pos}: ${who}. The triplet costs margin + d(a, p) − ${dMinus(n)} = ${amount(n.loss)}.`;
    },
    () => [['hard'], ['tripletLoss']]),
  say((n) => n.loss > 0 && n.dNeg >= n.dPos,
    (n) => {
      const [neg, pos] = both(n.dNeg, n.dPos);
      return `${dMinus(n)} = ${neg} ${n.dNeg === n.dPos ? 'equals' : 'is larger than'} d(a, p) = ${pos}, but not by the margin ${m2(n.margin)} (a semi-hard negative): the triplet still costs margin + d(a, p) − ${dMinus(n)} = ${amount(n.loss)}.`;
    },
    () => [['semiHard'], ['tripletLoss']]),
  say((n) => n.loss > 0 && n.branch !== 'pn', (n) => {
    const pull = !same(n.a, n.pos) ? 'Descent pulls the positive toward the anchor'
      : `The positive sits on the anchor${n.dPos === 0 ? ', where d(a, p) = 0 has no gradient, so nothing pulls the two together' : ''}`;
    const push = !same(n.a, n.neg) ? 'descent pushes the negative away from it'
      : `the negative sits on the anchor, ${n.dNeg === 0 ? 'where d(a, n) = 0 has no gradient, so nothing pushes it' : 'and eps’s push moves it along the diagonal'}`;
    return `${pull}; ${push}.`;
  }, (n) => [
    !same(n.a, n.pos) ? ['pull'] : ['samePoint', 'a', 'pos'], ...(same(n.a, n.pos) && n.dPos === 0 ? [['zero', 'dPos']] : []),
    !same(n.a, n.neg) ? ['push'] : ['samePoint', 'a', 'neg'], ...(!same(n.a, n.neg) ? [] : n.dNeg === 0 ? [['zero', 'grad3']] : [['diagonal', 'grad3']]),
  ]),
  say((n) => n.loss > 0 && n.branch === 'pn', (n) => {
    const push = !same(n.pos, n.neg) ? 'Descent pushes the negative away from the positive'
      : `The negative sits on the positive, ${n.dPN === 0 ? 'where d(p, n) = 0 has no gradient, so nothing pushes it' : 'and eps’s push moves it along the diagonal'}`;
    return `${push}; descent pulls the anchor toward the positive, and the anchor only feels that pull, while the positive is moved by both distances.`;
  }, (n) => [
    ...(!same(n.pos, n.neg) ? [['pushFromPositive']] : [['samePoint', 'pos', 'neg'], n.dPN === 0 ? ['zero', 'grad3'] : ['diagonal', 'grad3']]),
    ['anchorPull'], ['anchorPullOnly'], ['positiveBoth'],
  ]),
  say((n) => n.loss === 0 && !moving(n, ['grad', 'grad2', 'grad3']),
    (n) => `${dMinus(n)} = ${d(n.dNeg)} ≥ d(a, p) + margin = ${d(n.dPos)} + ${m2(n.margin)}: the triplet already holds, so its loss and all three gradients are exactly 0. An easy triplet teaches nothing: training needs triplets that still pay.`,
    () => [['holds'], ['zero', 'loss'], ['zero', 'grad'], ['zero', 'grad2'], ['zero', 'grad3']]),
  say((n) => n.loss === 0 && moving(n, ['grad', 'grad2', 'grad3']),
    (n) => `${dMinus(n)} = d(a, p) + margin exactly (${d(n.dNeg)}): the triplet sits on the hinge’s corner. The loss is 0, but PyTorch counts the corner as active, so the gradients still pull and push.`,
    () => [['kink']]),
  say((n) => n.swap && n.branch === 'pn',
    (n) => `With swap, d⁻ = min(d(a, n), d(p, n)) = d(p, n) = ${d(n.dPN)}, since d(a, n) = ${d(n.dAN)} is larger: the negative is closer to the positive than to the anchor, so the harder of the two distances is used.`,
    () => [['branch', 'pn']]),
  say((n) => n.swap && n.branch === 'an',
    (n) => `With swap, d(a, n) = ${d(n.dAN)} is still the smaller of d(a, n) and d(p, n) = ${d(n.dPN)}: the same as without swap.`,
    () => [['branch', 'an']]),
  say((n) => n.swap && n.branch === 'tie',
    (n) => `With swap, d(a, n) = d(p, n) = ${d(n.dAN)}: a tie, and PyTorch gives each of the two distances half the gradient.`,
    () => [['branch', 'tie']]),
  say((n) => n.eps > 0 && n.dPos < 1e-3,
    (n) => `The positive sits on the anchor, yet d(a, p) = ${sci(n.dPos)}, not 0: eps = 10⁻⁶ is added to every coordinate of the difference${n.loss > 0 && !n.swap ? ', so the positive still gets a gradient, along the diagonal' : ''}.`,
    (n) => [['epsDistance'], ...(n.loss > 0 && !n.swap ? [['diagonal', 'grad2']] : [])]),
  say((n) => n.eps === 0 && n.dPos === 0,
    (n) => `The positive sits on the anchor and eps = 0: d(a, p) is exactly 0, and PyTorch gives a zero distance a zero gradient${n.loss > 0 && !n.swap ? ', so the positive gets exactly 0' : ''}.`,
    (n) => [['zero', 'dPos'], ...(n.loss > 0 && !n.swap ? [['zero', 'grad2']] : [])]),
];

/** The sentences shown for numbers n: [{ text, claims }]. */
export const sentencesAt = (list, n) => list.filter((s) => s.when(n)).map((s) => ({ text: s.text(n), claims: s.claims(n) }));
