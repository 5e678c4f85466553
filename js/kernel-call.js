// One call into the module: copy the arguments into the scratch block, run the kernel, turn its status
// into an error or copy the results out. The kernels validate before they write, and results are only
// copied out on success, so a failed call leaves the caller's arrays untouched. ModuleArrays (the
// zero-copy tier) are passed by pointer and never copied.
import { alignUp } from './memory.js';
import { ModuleArray } from './module-array.js';
import { REDUCTIONS } from './validate.js';

const SUFFIX = { float32: 'f32', float64: 'f64' };

// Status codes of c/include/marginloss.h.
export const STATUS = {
  OK: 0,
  TARGET_OUT_OF_RANGE: 4,
};

function scratchBytesOf(item) {
  if (!item || item instanceof ModuleArray || item.into) return 0;
  return item.length * (item.BYTES_PER_ELEMENT ?? item.type.BYTES_PER_ELEMENT);
}

export class Kernels {
  constructor(exports, memory) {
    this.exports = exports;
    this.memory = memory;
  }

  /**
   * `name` is the C loss name (soft_margin); `args` the typed arrays or ModuleArrays to pass (null for an
   * absent optional argument, passed as a NULL pointer); `outputs` the { type, length } of each result
   * (null to skip it; `discard: true` for kernel scratch that is not returned; `into: ModuleArray` to
   * write in place). `invoke(kernel, pointers)` calls the kernel with the pointers of args then outputs
   * and returns its status; `describeFailure(status)` returns the error to throw for a non-zero status.
   * Returns fresh copies of the outputs (or their ModuleArrays).
   */
  run(dtype, name, args, outputs, invoke, describeFailure) {
    const kernel = this.exports[`ml_${SUFFIX[dtype]}_${name}`];
    const all = args.concat(outputs);
    // Scratch offsets first (the block may move when it grows), then pointers.
    const offsets = new Array(all.length);
    let bytes = 0;
    for (let i = 0; i < all.length; i++) {
      this.checkOwner(all[i]);
      offsets[i] = bytes;
      bytes = alignUp(bytes + scratchBytesOf(all[i]));
    }
    const base = this.memory.scratch(Math.max(bytes, 8));
    const pointers = offsets;
    for (let i = 0; i < all.length; i++) {
      const item = all[i];
      if (!item) pointers[i] = 0;
      else if (item instanceof ModuleArray) pointers[i] = item.pointer;
      else if (item.into) pointers[i] = item.into.pointer;
      else pointers[i] = base + offsets[i];
      if (i < args.length && item && !(item instanceof ModuleArray)) this.memory.copyIn(item, pointers[i]);
    }
    const status = invoke(kernel, pointers);
    if (status !== STATUS.OK) throw describeFailure(status);
    const results = new Array(outputs.length);
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs[i];
      if (!output || output.discard) results[i] = null;
      else if (output.into) results[i] = output.into;
      else results[i] = this.memory.copyOut(output.type, pointers[args.length + i], output.length);
    }
    return results;
  }

  // A ModuleArray's pointer means nothing in another module's memory: it would read or write unrelated data.
  checkOwner(item) {
    const array = item?.into ?? item;
    if (array instanceof ModuleArray && !array.belongsTo(this.exports)) {
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

// The loss as the API returns it: a number for 'mean' and 'sum', the per-output array for 'none'.
export function lossValue(reduction, loss) {
  if (reduction === REDUCTIONS.none) return loss;
  return loss instanceof ModuleArray ? loss.array[0] : loss[0];
}
