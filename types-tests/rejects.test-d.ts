// What must not compile: each `@ts-expect-error TSnnnn` names the error code its next line must raise,
// and a `quoted` fragment, when given, a part of its message (package-tests/types.test.mjs checks both).
// Every line below differs from a call that compiles (results.test-d.ts) in the one thing it tests.
import type { MarginLoss } from '../js/index.js';

declare const ml: MarginLoss;
const x = new Float32Array(6); // shape [2, 3]
const y = new Float32Array(6);
const x64 = new Float64Array(6);

// A 'none' loss is an array: not a number.
const perSample = ml.softMarginLoss(x, y, { reduction: 'none' });
// @ts-expect-error TS2322 `not assignable to type 'number'`
const asNumber: number = perSample.loss;
// @ts-expect-error TS2345 `not assignable to parameter of type 'number'`
Math.log(perSample.loss);
// And a reduced loss is a number, even with out.loss given: not an array.
// @ts-expect-error TS2339 `Property 'length' does not exist on type 'number'`
ml.softMarginLoss(x, y, { out: { loss: new Float32Array(1) } }).loss.length;

// grad: false leaves grad null.
const lossOnly = ml.softMarginLoss(x, y, { grad: false });
// @ts-expect-error TS18047 `'lossOnly.grad' is possibly 'null'`
lossOnly.grad[0];
// @ts-expect-error TS2531 `Object is possibly 'null'`
ml.marginRankingLoss(x, y, y, { grad: false }).grad2[0];
// ... and takes no gradient array.
// @ts-expect-error TS2322 `not assignable to type 'undefined'`
ml.softMarginLoss(x, y, { grad: false, out: { grad: new Float32Array(6) } });
// @ts-expect-error TS2322 `not assignable to type 'undefined'`
ml.marginRankingLoss(x, y, y, { grad: false, out: { grad2: new Float32Array(6) } });
// A grad that may be false may be null.
declare const someFlag: boolean;
// @ts-expect-error TS2531 `Object is possibly 'null'`
ml.softMarginLoss(x, y, { grad: someFlag }).grad[0];

// shape is required where the loss has a class dimension.
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.crossEntropyLoss(x, [0, 2], { reduction: 'none' });
// @ts-expect-error TS2554 `Expected 3 arguments, but got 2`
ml.crossEntropyLoss(x, [0, 2]);
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.multiMarginLoss(x, [0, 2], { p: 2 });
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.multilabelMarginLoss(x, [2, -1, 0, 1, 0, -1], {});
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.multilabelSoftMarginLoss(x, y, { weight: [1, 2, 3] });
// A shape is a list of sizes.
// @ts-expect-error TS2322 `not assignable to type 'Shape'`
ml.crossEntropyLoss(x, [0, 2], { shape: '2x3' });

// out holds arrays of the input's dtype: not the other one, not a ModuleArray of another type.
// @ts-expect-error TS2322 `'Float64Array<ArrayBuffer>' is not assignable`
ml.softMarginLoss(x, y, { out: { grad: new Float64Array(6) } });
// @ts-expect-error TS2322 `'Float32Array<ArrayBuffer>' is not assignable`
ml.softMarginLoss(x64, x64, { reduction: 'none', out: { loss: new Float32Array(6) } });
// @ts-expect-error TS2322 `'ModuleArray<Float64Array<ArrayBuffer>>' is not assignable`
ml.multiMarginLoss(x, [0, 2], { shape: [2, 3], out: { grad: ml.alloc(Float64Array, 6) } });
// @ts-expect-error TS2322 `'ModuleArray<Int32Array<ArrayBuffer>>' is not assignable`
ml.multiMarginLoss(x, [0, 2], { shape: [2, 3], out: { grad: ml.alloc(Int32Array, 6) } });
// out has no grad2 but for marginRankingLoss, and no other key.
// @ts-expect-error TS2561 `'grad2' does not exist`
ml.softMarginLoss(x, y, { out: { grad2: new Float32Array(6) } });
// @ts-expect-error TS2353 `'gradient' does not exist`
ml.softMarginLoss(x, y, { out: { gradient: new Float32Array(6) } });

// Unknown options, and options of another loss.
// @ts-expect-error TS2353 `'reduce' does not exist`
ml.softMarginLoss(x, y, { reduce: 'none' });
// @ts-expect-error TS2353 `'weight' does not exist`
ml.softMarginLoss(x, y, { weight: [1, 1, 1, 1, 1, 1] });
// @ts-expect-error TS2353 `'margin' does not exist`
ml.crossEntropyLoss(x, [0, 2], { shape: [2, 3], margin: 1 });
// @ts-expect-error TS2561 `'posWeight' does not exist`
ml.multiMarginLoss(x, [0, 2], { shape: [2, 3], posWeight: [1, 1, 1] });
// A misspelt reduction, and p outside {1, 2}.
// @ts-expect-error TS2322 `'"avg"' is not assignable`
ml.softMarginLoss(x, y, { reduction: 'avg' });
// @ts-expect-error TS2322 `'3' is not assignable`
ml.multiMarginLoss(x, [0, 2], { shape: [2, 3], p: 3 });

// gradOutput: an array per loss value for 'none', a number otherwise.
// @ts-expect-error TS2322 `'number[]' is not assignable to type 'number'`
ml.softMarginLoss(x, y, { gradOutput: [1] });
// @ts-expect-error TS2322 `'number' is not assignable`
ml.softMarginLoss(x, y, { reduction: 'none', gradOutput: 2 });

// Inputs and targets: the input's dtype, class indices where the loss takes them.
// @ts-expect-error TS2345 `'Float64Array<ArrayBuffer>' is not assignable`
ml.softMarginLoss(x, x64);
// @ts-expect-error TS2345 `'Int32Array<ArrayBuffer>' is not assignable`
ml.softMarginLoss(x, Int32Array.of(1, -1, 1, 1, -1, 1));
// @ts-expect-error TS2345 `'Uint8Array<ArrayBuffer>' is not assignable`
ml.crossEntropyLoss(x, Uint8Array.of(0, 2), { shape: [2, 3] });
// @ts-expect-error TS2345 `'Float32Array<ArrayBuffer>' is not assignable`
ml.multiMarginLoss(x, Float32Array.of(0, 2), { shape: [2, 3] });
// @ts-expect-error TS2345 `'ModuleArray<Int32Array<ArrayBuffer>>' is not assignable`
ml.softMarginLoss(ml.alloc(Int32Array, 6), y);
// Only marginRankingLoss and cosineEmbeddingLoss have a second gradient.
// @ts-expect-error TS2551 `Property 'grad2' does not exist`
ml.softMarginLoss(x, y).grad2;

// cosineEmbeddingLoss and tripletMarginLoss take rows: the shape is required.
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.cosineEmbeddingLoss(x, y, [1, -1], { margin: 0.5 });
// @ts-expect-error TS2554 `Expected 4 arguments, but got 3`
ml.cosineEmbeddingLoss(x, y, [1, -1]);
// @ts-expect-error TS2345 `Property 'shape' is missing`
ml.tripletMarginLoss(x, y, x, { swap: true });
// @ts-expect-error TS2554 `Expected 4 arguments, but got 3`
ml.tripletMarginLoss(x, y, x);
// The cosine target holds labels of the input's dtype (or bytes, or one number), not class indices.
// @ts-expect-error TS2345 `'Int32Array<ArrayBuffer>' is not assignable`
ml.cosineEmbeddingLoss(x, y, Int32Array.of(1, -1), { shape: [2, 3] });
// The second and third inputs have the first one's dtype.
// @ts-expect-error TS2345 `'Float64Array<ArrayBuffer>' is not assignable`
ml.cosineEmbeddingLoss(x, x64, [1, -1], { shape: [2, 3] });
// @ts-expect-error TS2345 `'Float64Array<ArrayBuffer>' is not assignable`
ml.tripletMarginLoss(x, y, x64, { shape: [2, 3] });
// tripletMarginLoss has no target, so no labels option; swap is a boolean, p a number.
// @ts-expect-error TS2353 `'labels' does not exist`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], labels: 'strict' });
// @ts-expect-error TS2322 `'number' is not assignable to type 'boolean | undefined'`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], swap: 1 });
// @ts-expect-error TS2322 `'string' is not assignable to type 'number'`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], p: 'inf' });
// Only tripletMarginLoss has a third gradient, and out.grad3.
// @ts-expect-error TS2551 `Property 'grad3' does not exist`
ml.cosineEmbeddingLoss(x, y, [1, -1], { shape: [2, 3] }).grad3;
// @ts-expect-error TS2561 `'grad3' does not exist`
ml.cosineEmbeddingLoss(x, y, [1, -1], { shape: [2, 3], out: { grad3: new Float32Array(6) } });
// grad: false leaves grad3 null, and takes no grad3 array.
// @ts-expect-error TS2531 `Object is possibly 'null'`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], grad: false }).grad3[0];
// @ts-expect-error TS2322 `not assignable to type 'undefined'`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], grad: false, out: { grad3: new Float32Array(6) } });
// out.grad3 has the input's dtype.
// @ts-expect-error TS2322 `'Float64Array<ArrayBuffer>' is not assignable`
ml.tripletMarginLoss(x, y, x, { shape: [2, 3], out: { grad3: new Float64Array(6) } });

export { asNumber };
