// What each call returns, as exact types: the result follows the call's reduction, `grad` flag, `out`
// arrays and input dtype, so that no caller needs a cast. Each expectation is what the binding returns at
// run time (wasm-tests/out-arrays.test.mjs checks the out arrays returned, edge-values.test.mjs a null grad).
import {
  checkLabels, init, type CommonOptions, type LossResult, type MarginLoss, type ModuleArray, type Reduction,
  type RankingResult, type TripletResult,
} from '../js/index.js';
import { expectType } from './expect.js';

declare const ml: MarginLoss;
const x = new Float32Array(6); // shape [2, 3]
const y = new Float32Array(6);
const x64 = new Float64Array(6);
const y64 = new Float64Array(6);
type F32 = typeof x; // Float32Array over an ArrayBuffer
type F64 = typeof x64;

// reduction: omitted or 'mean' or 'sum' gives a number, 'none' the input's array type.
expectType(ml.softMarginLoss(x, y).loss).is<number>();
expectType(ml.softMarginLoss(x, y, {}).loss).is<number>();
expectType(ml.softMarginLoss(x, y, { reduction: 'mean' }).loss).is<number>();
expectType(ml.softMarginLoss(x, y, { reduction: 'sum' }).loss).is<number>();
expectType(ml.softMarginLoss(x, y, { reduction: 'none' }).loss).is<F32>();
expectType(ml.softMarginLoss(x, y, { reduction: undefined }).loss).is<number>();
declare const someReduction: Reduction;
expectType(ml.softMarginLoss(x, y, { reduction: someReduction }).loss).is<number | F32>();

// The dtype: Float64Array in, Float64Array out.
expectType(ml.softMarginLoss(x64, y64).grad).is<F64>();
expectType(ml.softMarginLoss(x64, [1, -1, 1, 1, -1, 1], { reduction: 'none' }).loss).is<F64>();
declare const either: Float32Array | Float64Array;
expectType(ml.softMarginLoss(either, either).grad).is<Float32Array | Float64Array>();

// grad: the input's array type; null (the property is there) with grad: false.
const withoutGrad = ml.softMarginLoss(x, y, { grad: false });
expectType(withoutGrad).is<LossResult<F32, 'mean', false, F32, F32>>();
expectType(withoutGrad.grad).is<null>();
expectType(ml.softMarginLoss(x, y, { grad: undefined }).grad).is<F32>();
expectType(ml.softMarginLoss(x, y, { grad: true }).grad).is<F32>();
declare const someFlag: boolean;
expectType(ml.softMarginLoss(x, y, { grad: someFlag }).grad).is<F32 | null>();

// out: the result is the array passed, typed array or ModuleArray; a reduced loss stays a number.
const grad = new Float32Array(6);
const lossValues = new Float32Array(2);
const moduleGrad = ml.alloc(Float32Array, 6);
const moduleLoss = ml.alloc(Float32Array, 2);
type M32 = typeof moduleGrad;
expectType(moduleGrad).is<ModuleArray<F32>>();
expectType(ml.softMarginLoss(x, y, { out: { grad } }).grad).is<F32>();
expectType(ml.softMarginLoss(x, y, { out: { grad: moduleGrad } }).grad).is<M32>();
expectType(ml.softMarginLoss(x, y, { out: { grad: moduleGrad } }).loss).is<number>();
expectType(ml.softMarginLoss(x, y, { out: { loss: new Float32Array(1) } }).loss).is<number>();
expectType(ml.softMarginLoss(x, y, { reduction: 'sum', out: { loss: ml.alloc(Float32Array, 1) } }).loss).is<number>();
const perSample = ml.multiMarginLoss(x, [0, 2], {
  shape: [2, 3], reduction: 'none', out: { loss: moduleLoss, grad: moduleGrad },
});
expectType(perSample.loss).is<M32>();
expectType(perSample.grad).is<M32>();
expectType(ml.multiMarginLoss(x, [0, 2], { shape: [2, 3], reduction: 'none', out: { loss: lossValues } }).loss)
  .is<F32>();
expectType(ml.softMarginLoss(x, y, { grad: false, out: { loss: new Float32Array(1) } }).grad).is<null>();

// A ModuleArray input: the dtype is its array's.
const moduleInput = ml.alloc(Float64Array, 6);
expectType(ml.hingeEmbeddingLoss(moduleInput, y64, { reduction: 'none' }).loss).is<typeof moduleInput.array>();

// marginRankingLoss: grad2 like grad.
expectType(ml.marginRankingLoss(x, y, [1, -1, 1, 1, -1, 1])).is<RankingResult<F32, 'mean', true, F32, F32, F32>>();
expectType(ml.marginRankingLoss(x, y, y).grad2).is<F32>();
expectType(ml.marginRankingLoss(x, y, y, { grad: false }).grad2).is<null>();
const ranked = ml.marginRankingLoss(x64, y64, y64, {
  margin: 0.5, reduction: 'none', out: { grad: new Float64Array(6), grad2: ml.alloc(Float64Array, 6) },
});
expectType(ranked.loss).is<F64>();
expectType(ranked.grad).is<F64>();
expectType(ranked.grad2).is<ModuleArray<F64>>();

// cosineEmbeddingLoss: rows of pairs, grad2 like grad; a 1-D input's one label may be a number.
expectType(ml.cosineEmbeddingLoss(x, y, [1, -1], { shape: [2, 3] })).is<RankingResult<F32, 'mean', true, F32, F32, F32>>();
expectType(ml.cosineEmbeddingLoss(x, y, Int8Array.of(1, -1), { shape: [2, 3], reduction: 'none' }).loss).is<F32>();
expectType(ml.cosineEmbeddingLoss(x64, y64, 1, { shape: [6], margin: 0.5 }).grad2).is<F64>();
expectType(ml.cosineEmbeddingLoss(x, y, [1, -1], { shape: [2, 3], grad: false }).grad2).is<null>();
const cosine = ml.cosineEmbeddingLoss(x64, y64, Float64Array.of(1, -1), {
  shape: [2, 3], reduction: 'sum', out: { grad: new Float64Array(6), grad2: ml.alloc(Float64Array, 6) },
});
expectType(cosine.loss).is<number>();
expectType(cosine.grad).is<F64>();
expectType(cosine.grad2).is<ModuleArray<F64>>();

// tripletMarginLoss: three gradients, grad3 like grad.
expectType(ml.tripletMarginLoss(x, y, x, { shape: [2, 3] })).is<TripletResult<F32, 'mean', true, F32, F32, F32, F32>>();
expectType(ml.tripletMarginLoss(x, y, x, { shape: [2, 3], grad: false }).grad3).is<null>();
expectType(ml.tripletMarginLoss(x, y, x, { shape: [6], gradOutput: 2 }).loss).is<number>();
const triplet = ml.tripletMarginLoss(x64, y64, [1, 2, 3, 4, 5, 6], {
  shape: [2, 3], margin: 0.5, p: 1.5, eps: 0, swap: true, reduction: 'none', gradOutput: [1, 1],
  out: { loss: new Float64Array(2), grad3: ml.alloc(Float64Array, 6) },
});
expectType(triplet.loss).is<F64>();
expectType(triplet.grad).is<F64>();
expectType(triplet.grad2).is<F64>();
expectType(triplet.grad3).is<ModuleArray<F64>>();

// Every loss, with the shapes required where they are required, readonly ones included.
const shape: readonly number[] = [2, 3];
const int32Targets = Int32Array.of(0, 2);
expectType(ml.multilabelSoftMarginLoss(x, y, { shape: [2, 3] as const, weight: [1, 2, 3] }).loss).is<number>();
expectType(ml.multiMarginLoss(x, int32Targets, { shape, p: 2, margin: 0.5, weight: x.subarray(0, 3) }).grad)
  .is<F32>();
expectType(ml.multilabelMarginLoss(x64, [2, -1, 0, 1, 0, -1], { shape: [2, 3], reduction: 'none' }).loss).is<F64>();
expectType(ml.bceWithLogitsLoss(x, y, { weight: [1, 2, 3], posWeight: [1, 1, 1], shape }).grad).is<F32>();
expectType(ml.crossEntropyLoss(x, [0, 2], { shape: [2, 3], labelSmoothing: 0.1, ignoreIndex: -1 }).loss).is<number>();
expectType(ml.crossEntropyLoss(x, y, { shape: [2, 3] as const, reduction: 'none' }).loss).is<F32>(); // probabilities
expectType(ml.crossEntropyLoss(x, ml.alloc(Int32Array, 2), { shape }).grad).is<F32>();
expectType(ml.hingeEmbeddingLoss(x, y, { margin: 2 }).loss).is<number>();
// The elementwise losses take a shape and need none.
expectType(ml.bceWithLogitsLoss(x, y, { shape: [6] }).loss).is<number>();

// Labels as bytes where the binding converts them (float targets).
const bytes = Uint8Array.of(1, 0, 1, 1, 0, 1);
const signs = Int8Array.of(1, -1, 1, 1, -1, 1);
expectType(ml.bceWithLogitsLoss(x, bytes).loss).is<number>();
expectType(ml.multilabelSoftMarginLoss(x64, bytes, { shape }).grad).is<F64>();
expectType(ml.softMarginLoss(x, signs).loss).is<number>();
expectType(ml.hingeEmbeddingLoss(x, signs).loss).is<number>();
expectType(ml.marginRankingLoss(x, y, signs).loss).is<number>();

// gradOutput: per loss value for 'none', a number otherwise.
expectType(ml.softMarginLoss(x, y, { reduction: 'none', gradOutput: [1, 1, 1, 1, 1, 1] }).loss).is<F32>();
expectType(ml.softMarginLoss(x, y, { gradOutput: 2 }).loss).is<number>();

// Options built beforehand: as const keeps the literals.
const noneOptions = { reduction: 'none', shape: [2, 3] } as const;
expectType(ml.crossEntropyLoss(x, [0, 1], noneOptions).loss).is<F32>();
// Options typed with the exported defaults admit any call, and the result is the broad one.
declare const anyOptions: CommonOptions<Float32Array>;
const broad = ml.softMarginLoss(x, y, anyOptions);
expectType(broad.loss).is<number | Float32Array | ModuleArray<Float32Array>>();
expectType(broad.grad).is<Float32Array | ModuleArray<Float32Array> | null>();

// Generic code keeps its type parameter.
function step<T extends Float32Array | Float64Array>(scores: T, labels: T) {
  const result = ml.bceWithLogitsLoss(scores, labels, { reduction: 'none' });
  expectType(result.loss).is<T>();
  expectType(result.grad).is<T>();
  return result.grad;
}
expectType(step(x, y)).is<F32>();

// No casts: the everyday uses compile as written.
const { loss, grad: g } = ml.crossEntropyLoss(x, [0, 2], { shape: [2, 3] });
const meanLoss: number = loss;
const firstGrad: number = g[0];
const values: Float32Array = ml.crossEntropyLoss(x, [0, 2], { shape: [2, 3], reduction: 'none' }).loss;
const total = ml.softMarginLoss(x, y, { reduction: 'sum' }).loss + ml.softMarginLoss(x, y).loss;
// A precise result is a broad one too (what code written against the earlier declarations names).
const named: LossResult<Float32Array> = ml.softMarginLoss(x, y, { reduction: 'none', grad: false });
const namedRanking: RankingResult<Float64Array> = ranked;
const namedTriplet: TripletResult<Float64Array> = triplet;

// The rest of the API.
expectType(ml.memoryBytes()).is<number>();
expectType(ml.simd).is<boolean>();
expectType(await init({ instance: 'private', simd: false, labels: 'strict' })).is<MarginLoss>();
expectType(checkLabels('multiMarginLoss', [0, 2], { shape: [2, 3] as const }).fits).is<boolean>();

export { meanLoss, firstGrad, values, total, named, namedRanking, namedTriplet };
