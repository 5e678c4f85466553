// One call into the module: copy the arguments into the scratch block, run the kernel, turn its status
// into an error or copy the results out. The kernels validate before they write, and results are only
// copied out on success, so a failed call leaves the caller's arrays untouched. ModuleArrays (the
// zero-copy tier) are passed by pointer and never copied.
import { alignUp } from './memory.js';
import { ModuleArray } from './module-array.js';

const SUFFIX = { float32: 'f32', float64: 'f64' };

// Status codes of c/include/marginloss.h.
export const STATUS = {
  OK: 0,
  TARGET_OUT_OF_RANGE: 4,
};

// What a kernel writes, and what the call returns for it.
const FRESH = 0; // copied out into a new array
const IN_PLACE = 1; // a ModuleArray the kernel writes directly
const VALUE = 2; // one element, returned as a number
const SCRATCH = 3; // workspace the kernel needs; dropped

export class Output {
  constructor(kind, Type, length, into) {
    this.kind = kind;
    this.Type = Type;
    this.length = length;
    this.into = into;
  }

  static fresh(Type, length) {
    return new Output(FRESH, Type, length, null);
  }

  static inPlace(array) {
    return new Output(IN_PLACE, array.type, array.length, array);
  }

  static value(Type) {
    return new Output(VALUE, Type, 1, null);
  }

  static scratch(Type, length) {
    return new Output(SCRATCH, Type, length, null);
  }
}

// The bytes `item` (an argument, or an Output when `isOutput`) takes in the scratch block: none for
// ModuleArrays, which the kernel reaches by their own pointers.
function scratchBytesOf(item, isOutput) {
  if (item === null) return 0;
  if (isOutput) return item.kind === IN_PLACE ? 0 : item.length * item.Type.BYTES_PER_ELEMENT;
  return item instanceof ModuleArray ? 0 : item.byteLength;
}

export class Kernels {
  constructor(exports, memory) {
    this.exports = exports;
    this.memory = memory;
    // The exports by dtype and C name, looked up once (a template-string lookup per call shows up in
    // the one-call cost).
    this.byDtype = {};
    for (const [dtype, suffix] of Object.entries(SUFFIX)) {
      this.byDtype[dtype] = Object.create(null);
      for (const key of Object.keys(exports)) {
        if (key.startsWith(`ml_${suffix}_`)) this.byDtype[dtype][key.slice(suffix.length + 4)] = exports[key];
      }
    }
  }

  /**
   * `name` is the C loss name (soft_margin); `args` the typed arrays or ModuleArrays to pass (null for an
   * absent optional argument, passed as a NULL pointer); `outputs` the Outputs the kernel writes (null to
   * skip one). `invoke(kernel, pointers)` calls the kernel with the pointers of args then outputs and
   * returns its status; `describeFailure(status)` returns the error to throw for a non-zero status.
   * Returns, per output, a fresh copy, its ModuleArray, its value (Output.value), or null (skipped or
   * scratch).
   */
  run(dtype, name, args, outputs, invoke, describeFailure) {
    const kernel = this.byDtype[dtype][name];
    const count = args.length + outputs.length;
    // Scratch offsets first (the block may move when it grows), then pointers.
    const pointers = new Array(count);
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const isOutput = i >= args.length;
      const item = isOutput ? outputs[i - args.length] : args[i];
      this.checkOwner(isOutput ? item?.into : item);
      pointers[i] = bytes;
      bytes = alignUp(bytes + scratchBytesOf(item, isOutput));
    }
    const base = this.memory.scratch(Math.max(bytes, 8));
    for (let i = 0; i < args.length; i++) {
      const item = args[i];
      if (item === null) pointers[i] = 0;
      else if (item instanceof ModuleArray) pointers[i] = item.pointer;
      else this.memory.copyIn(item, (pointers[i] += base));
    }
    for (let i = args.length; i < count; i++) {
      const output = outputs[i - args.length];
      pointers[i] = output === null ? 0 : output.kind === IN_PLACE ? output.into.pointer : pointers[i] + base;
    }
    const status = invoke(kernel, pointers);
    if (status !== STATUS.OK) throw describeFailure(status);
    const results = new Array(outputs.length);
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs[i];
      const pointer = pointers[args.length + i];
      if (output === null || output.kind === SCRATCH) results[i] = null;
      else if (output.kind === IN_PLACE) results[i] = output.into;
      else if (output.kind === VALUE) results[i] = this.memory.heap(output.Type)[pointer / output.Type.BYTES_PER_ELEMENT];
      else results[i] = this.memory.copyOut(output.Type, pointer, output.length);
    }
    return results;
  }

  // A ModuleArray's pointer means nothing in another module's memory: it would read or write unrelated data.
  checkOwner(item) {
    if (item instanceof ModuleArray && !item.belongsTo(this.exports)) {
      throw new TypeError(
        `marginloss: a ModuleArray passed to this call was allocated by another init() instance ` +
          '(e.g. the SIMD build versus the baseline); allocate it with the same instance\'s alloc()',
      );
    }
  }
}

// A status the JS checks should have made impossible: a bug in marginloss, not in the caller's input.
export function internalError(fn, exports, status) {
  const pointer = exports.ml_status_name(status) >>> 0;
  const bytes = new Uint8Array(exports.memory.buffer, pointer, 64);
  const name = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  return new Error(`${fn}: internal error ${name} (${status}); please report it`);
}
