// `npm start` until the teaching page lands: every loss on a small real input, and the label-convention
// bug each one is prone to, computed by the package itself.
import { init } from '../js/index.js';

const ml = await init();
const f32 = (...v) => Float32Array.from(v);
const fmt = (v) => (typeof v === 'number' ? v.toFixed(6) : `[${Array.from(v, (x) => x.toFixed(4)).join(', ')}]`);
const show = (title, { loss, grad }) => console.log(`  ${title.padEnd(50)} loss ${fmt(loss)}  grad ${fmt(grad)}`);

console.log(`marginloss (${ml.simd ? 'SIMD' : 'baseline'} build)\n`);
const scores = f32(0.5, -1, 2);
console.log('Binary labels, scores [0.5, -1, 2]:');
show('softMarginLoss, y in {-1,+1}', ml.softMarginLoss(scores, f32(1, -1, 1)));
show('softMarginLoss, y in {0,1}  (BUG: ln 2, no grad)', ml.softMarginLoss(scores, f32(1, 0, 1)));
show('bceWithLogitsLoss, y in {0,1}', ml.bceWithLogitsLoss(scores, f32(1, 0, 1)));
show('bceWithLogitsLoss, y in {-1,+1} (BUG: goes <0)', ml.bceWithLogitsLoss(scores, f32(1, -1, 1)));
show('hingeEmbeddingLoss, y in {-1,+1}', ml.hingeEmbeddingLoss(scores, f32(1, -1, 1)));
show('marginRankingLoss vs [0, 0, 0], margin 0.5', ml.marginRankingLoss(scores, f32(0, 0, 0), f32(1, -1, 1), { margin: 0.5 }));

const logits = f32(0.1, 0.2, 0.4, 0.8);
console.log('\nOne sample, four classes, scores [0.1, 0.2, 0.4, 0.8]:');
show('crossEntropyLoss, class 3', ml.crossEntropyLoss(logits, [3], { shape: [4] }));
show('multiMarginLoss, class 3', ml.multiMarginLoss(logits, [3], { shape: [4] }));
show('multilabelMarginLoss, classes {3, 0}', ml.multilabelMarginLoss(logits, [3, 0, -1, 0], { shape: [4] }));
show('multilabelMarginLoss, one-hot (BUG: read as list)', ml.multilabelMarginLoss(logits, [0, 0, 0, 1], { shape: [4] }));
show('multilabelSoftMarginLoss, multi-hot {0, 3}', ml.multilabelSoftMarginLoss(logits, f32(1, 0, 0, 1), { shape: [1, 4] }));
console.log('\nThe README has the API and the decision guide.');
