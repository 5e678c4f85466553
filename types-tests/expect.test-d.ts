// The assertion helper itself: it must tell apart the types the other tests tell apart.
import { expectType } from './expect.js';

declare const f32: Float32Array;
declare const f64: Float64Array;
declare const lossOrArray: number | Float32Array;
declare const anything: any;

expectType(f32).is<Float32Array>();
expectType(lossOrArray).is<number | Float32Array>();

// @ts-expect-error TS2554 a union is not one of its members
expectType(lossOrArray).is<number>();
// @ts-expect-error TS2554 nor is a member the union
expectType(f32).is<Float32Array | null>();
// @ts-expect-error TS2554 the two dtypes are different types
expectType(f32).is<Float64Array>();
// @ts-expect-error TS2554 and the other way round
expectType(f64).is<Float32Array>();
// @ts-expect-error TS2554 any is no exact type
expectType(anything).is<number>();
// @ts-expect-error TS2554 nor does any stand for one
expectType(f32).is<any>();
// @ts-expect-error TS2554 null is not the array
expectType(null).is<Float32Array>();
