// recommendLoss({ labels, perSample, style }): the decision guide. Which loss fits the labels you have
// and what each sample is, with the target format it expects, a short why, and the conversion (if any).
import { describe } from '../describe.js';

const FN = 'recommendLoss';
const LABELS = ['zero-one', 'plus-minus-one', 'probabilities', 'class-indices', 'one-based-indices', 'one-hot', 'multi-hot', 'index-list'];
const PER_SAMPLE = ['binary', 'single-label', 'multi-label', 'pair', 'ranking', 'embedding-pair', 'triplet'];
const STYLES = ['probabilistic', 'margin'];
const KEYS = ['labels', 'perSample', 'style'];

// What each label format says about a sample when perSample is not given.
const IMPLIED_PER_SAMPLE = {
  'zero-one': 'binary', 'plus-minus-one': 'binary', 'class-indices': 'single-label', 'one-based-indices': 'single-label',
  'one-hot': 'single-label', 'multi-hot': 'multi-label', 'index-list': 'multi-label',
};

const LOSS = {
  bce: { loss: 'bceWithLogitsLoss', target: '{0, 1} labels (or soft labels in [0, 1]), one per score', why: 'logistic loss on logits, computed stably: the standard choice for yes/no labels' },
  soft: { loss: 'softMarginLoss', target: '{-1, +1} labels, one per score', why: 'the same logistic loss written for -1/+1 labels: log(1 + exp(-y*x))' },
  ce: { loss: 'crossEntropyLoss', target: 'one class index in [0, C) per sample (Int32Array), input (N, C); or class-probability rows as a float array', why: 'softmax cross-entropy: one class out of C, calibrated class probabilities, every other class pulls' },
  mm: { loss: 'multiMarginLoss', target: 'one class index in [0, C) per sample (Int32Array), input (N, C)', why: 'multi-class hinge (SVM-style): only classes scoring within the margin of the true class pay' },
  mlsm: { loss: 'multilabelSoftMarginLoss', target: "multi-hot {0, 1} rows (or soft labels in [0, 1]), the input's shape (N, C)", why: 'one independent logistic loss per class, averaged over the C classes' },
  mlsoft: { loss: 'softMarginLoss', target: '{-1, +1} labels, one per class and sample, input (N, C)', why: 'independent logistic loss per class on -1/+1 labels (the same as multilabelSoftMarginLoss on (y + 1) / 2)' },
  hinge: { loss: 'hingeEmbeddingLoss', target: '{-1, +1} per pair (+1 similar, -1 dissimilar); the input is the pair\'s distance', why: 'similar pairs pay their distance, dissimilar ones pay until they are margin apart' },
  rank: { loss: 'marginRankingLoss', target: '{-1, +1} per pair (+1: the first input should score higher)', why: 'the preferred item of each pair must outscore the other by margin' },
  mlm: { loss: 'multilabelMarginLoss', target: "per sample, class indices in [0, C) ended by -1, the input's shape (N, C)", why: 'multi-label hinge (ranking): every listed class must outscore every unlisted class by 1' },
  cos: { loss: 'cosineEmbeddingLoss', target: '{-1, +1} per pair (+1 similar, -1 dissimilar; any other label, 0 included, is ignored); the inputs are the two embeddings, (N, D) each', why: 'similar pairs are pulled to the same direction (1 - cos), dissimilar ones pay until their cosine is below margin' },
  triplet: { loss: 'tripletMarginLoss', target: 'no target: anchor, positive and negative embeddings, (N, D) each', why: 'each anchor must be closer to its positive than to its negative by margin (p-norm distance)' },
};

const TO_PLUS_MINUS = 'map y to 2y - 1';
const TO_LIST = 'list the 1 positions of each row, then -1 ([1, 0, 1, 0] -> [0, 2, -1, -1])';
const ARGMAX = "pass each row's argmax as class indices";

// [perSample][style][labels] -> [loss key, conversion or null]; `default` when labels are not given.
const GUIDE = {
  binary: {
    probabilistic: { default: ['bce', null], 'zero-one': ['bce', null], probabilities: ['bce', null], 'plus-minus-one': ['soft', null] },
    margin: {},
  },
  'single-label': {
    probabilistic: {
      default: ['ce', null], 'class-indices': ['ce', null], 'one-hot': ['ce', null], probabilities: ['ce', null],
      'one-based-indices': ['ce', 'subtract 1 from class indices'],
    },
    margin: {
      default: ['mm', null], 'class-indices': ['mm', null], 'one-hot': ['mm', ARGMAX], probabilities: ['mm', ARGMAX],
      'one-based-indices': ['mm', 'subtract 1 from class indices'],
    },
  },
  'multi-label': {
    probabilistic: {
      default: ['mlsm', null], 'multi-hot': ['mlsm', null], 'zero-one': ['mlsm', null], 'one-hot': ['mlsm', null],
      probabilities: ['mlsm', null], 'plus-minus-one': ['mlsoft', null],
      'index-list': ['mlsm', 'turn each -1-ended list into a multi-hot row'],
    },
    margin: {
      default: ['mlm', null], 'index-list': ['mlm', null], 'multi-hot': ['mlm', TO_LIST], 'zero-one': ['mlm', TO_LIST],
      'one-hot': ['mlm', TO_LIST], 'plus-minus-one': ['mlm', 'list the +1 positions of each row, then -1'],
    },
  },
  // Pairs and triplets: the margin losses are the only ones; pair labels are -1/+1, triplets have none.
  pair: { probabilistic: {}, margin: { default: ['hinge', null], 'plus-minus-one': ['hinge', null], 'zero-one': ['hinge', TO_PLUS_MINUS] } },
  ranking: { probabilistic: {}, margin: { default: ['rank', null], 'plus-minus-one': ['rank', null], 'zero-one': ['rank', TO_PLUS_MINUS] } },
  'embedding-pair': { probabilistic: {}, margin: { default: ['cos', null], 'plus-minus-one': ['cos', null], 'zero-one': ['cos', TO_PLUS_MINUS] } },
  triplet: { probabilistic: {}, margin: { default: ['triplet', null] } },
};
// What each margin-only sample is, in the error for style 'probabilistic'.
const MARGIN_ONLY = {
  pair: 'similar/dissimilar pairs', ranking: 'ranked pairs', 'embedding-pair': 'pairs of embeddings', triplet: 'triplets',
};
const article = (word) => (/^[aeiou]/.test(word) ? 'an' : 'a');

function oneOf(name, value, allowed) {
  if (value !== undefined && !allowed.includes(value)) {
    throw new RangeError(`${FN}: ${name} must be one of ${allowed.map((v) => `'${v}'`).join(', ')}; got ${describe(value)}`);
  }
  return value;
}

/**
 * `labels`: the label format you have (a convention id, as checkLabels reports it); `perSample`: 'binary'
 * (one yes/no per score), 'single-label' (exactly one class out of C), 'multi-label' (any number of
 * classes out of C), 'pair' (similar or dissimilar, from a distance), 'ranking' (which of two scores
 * should be higher), 'embedding-pair' (two embeddings, similar or dissimilar by their cosine) or
 * 'triplet' (anchor, positive, negative embeddings: no labels); `style`: 'probabilistic'
 * (logistic/softmax, the default) or 'margin' (hinge; the only style for pairs, rankings and triplets).
 * Give labels, perSample or both. Returns { loss, target, why, convert } (convert is null when the
 * labels can be passed as they are).
 */
export function recommendLoss(query) {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw new TypeError(`${FN}: expected an object { labels, perSample, style }; got ${describe(query)}`);
  }
  for (const key of Object.keys(query)) {
    if (!KEYS.includes(key)) throw new TypeError(`${FN}: unknown key '${key}'; valid keys are 'labels', 'perSample', 'style'`);
  }
  const labels = oneOf('labels', query.labels, LABELS);
  const given = oneOf('perSample', query.perSample, PER_SAMPLE);
  const style = oneOf('style', query.style, STYLES)
    ?? (labels === 'index-list' || Object.hasOwn(MARGIN_ONLY, given) ? 'margin' : 'probabilistic');
  if (labels === undefined && given === undefined) {
    throw new TypeError(`${FN}: give labels (the format you have), perSample (what each sample is), or both`);
  }
  const perSample = given ?? IMPLIED_PER_SAMPLE[labels];
  if (perSample === undefined) {
    throw new TypeError(`${FN}: labels 'probabilities' can be soft yes/no labels or a class distribution; give perSample too`);
  }
  if (perSample === 'binary' && style === 'margin') {
    throw new RangeError(`${FN}: no margin (hinge) loss takes one binary label per score; use style 'probabilistic', or 2 classes with multiMarginLoss`);
  }
  if (Object.hasOwn(MARGIN_ONLY, perSample) && style === 'probabilistic') {
    throw new RangeError(`${FN}: no probabilistic loss takes ${MARGIN_ONLY[perSample]}; use style 'margin'`);
  }
  if (perSample === 'triplet' && labels !== undefined) {
    throw new RangeError(`${FN}: triplets take no labels (anchor, positive and negative say which pair should be closer); leave labels out`);
  }
  const entry = GUIDE[perSample][style][labels ?? 'default'];
  if (!entry) {
    throw new RangeError(`${FN}: labels '${labels}' do not describe ${article(perSample)} ${perSample} target${style === 'margin' ? ' for a margin loss' : ''}; check labels and perSample`);
  }
  const [key, convert] = entry;
  return { ...LOSS[key], convert };
}
