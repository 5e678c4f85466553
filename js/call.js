// One convenience call of a loss. The loss's edge file (losses/*.js) checks its own arguments into a Call:
// arrays by role, and the sizes and scalars its kernel takes. `run` does the rest alike for every loss.
// The kernels validate before they write and results are copied out only on success, so a failed call
// leaves the caller's arrays untouched. ModuleArrays (the zero-copy tier) are passed by pointer. Arrays
// larger than the scratch block's window (memory.js) stream through it in blocks of rows.
import { guardLabels } from './labels/guard.js';
import { ALIGNMENT, alignUp, windowSize } from './memory.js';
import { ModuleArray } from './module-array.js';
import { checkOptions, describe, gradOutputArray, inputType, outArray, REDUCTIONS, wantsGrad } from './validate.js';

// The options every loss takes; each edge file lists all its loss takes (any other name is an error).
export const COMMON_OPTIONS = ['reduction', 'shape', 'gradOutput', 'grad', 'out'];

// The arrays a kernel reads and writes, by role. A loss's `invoke(kernel, p, c, rows, partial)` calls its
// kernel's partial entry (ml_<dtype>_<name>_partial) with p[ROLE] (that array's pointer, 0 when absent)
// where its C signature takes it, `rows` (all of c.rows, or a block of them) for its count of rows or
// samples, other sizes and scalars from the Call c, and `partial` (0 for a whole call) last.
export const INPUT = 0, INPUT2 = 1, INPUT3 = 2, TARGET = 3, WEIGHT = 4, POS_WEIGHT = 5, GRAD_OUTPUT = 6; // read
export const LOSS = 7, GRAD = 8, GRAD2 = 9, GRAD3 = 10, WORKSPACE = 11; // written
const ROLES = 12;
// The roles' names in messages; a loss whose inputs have other names sets its own (Call.roleNames).
export const ROLE_NAMES = Object.freeze(['input', 'input2', 'input3', 'target', 'options.weight', 'options.posWeight',
  'options.gradOutput', 'options.out.loss', 'options.out.grad', 'options.out.grad2', 'options.out.grad3', 'workspace']);

// How an array's length relates to the call's `rows`, the unit a loop over blocks of the input must never
// split (an element for elementwise losses, a sample's classes otherwise): a BY_ROW array holds rows × a
// fixed count (inputs, targets, gradients, 'none' losses and their upstream gradients); every block needs
// a WHOLE array entire (per-class weights, a reduced loss or its upstream gradient, the workspace).
export const BY_ROW = 0, WHOLE = 1;

const UNUSED = -1; // the length of an output the kernel does not write (a NULL pointer)
const OUT_KEYS = [null, 'loss, grad', 'loss, grad, grad2', 'loss, grad, grad2, grad3']; // by count of inputs
const TARGET_OUT_OF_RANGE = 4; // ML_ERR_TARGET_OUT_OF_RANGE in c/include/marginloss.h
// ml_partial in c/include/marginloss.h: its size, its phases, and the rows a block is a multiple of.
const PARTIAL_BYTES = 56, PARTIAL_CHECK = 0, PARTIAL_COMPUTE = 1, PARTIAL_ROWS = 4;

// Each role's extent and output length before a loss sets its own (reset restores them).
const EXTENTS = [BY_ROW, BY_ROW, BY_ROW, BY_ROW, WHOLE, WHOLE, BY_ROW, BY_ROW, BY_ROW, BY_ROW, BY_ROW, WHOLE];
const LENGTHS = [0, 0, 0, 0, 0, 0, 0, 0, UNUSED, UNUSED, UNUSED, UNUSED];

export class Call {
  // `binding`: { exports, memory, labels (the API object's default), float32 and float64 (kernels by C
  // name) }. One Call serves one call at a time and is reused for the next (api.js): a call allocates no
  // Call and no per-role arrays.
  constructor(binding) {
    this.binding = binding;
    // By role: the caller's arrays (for outputs, options.out's), their extents, the outputs' lengths (in
    // bytes for the workspace) and the pointers the kernel gets.
    this.arrays = new Array(ROLES).fill(null);
    this.extents = [...EXTENTS];
    this.lengths = [...LENGTHS];
    this.pointers = new Array(ROLES).fill(0);
    this.fn = '';
    this.inputName = 'input';
    this.options = null;
    this.Type = Float32Array;
    this.kernels = null;
    this.reset();
  }

  // Starts a call of `fn`: checks the options' names and the input, whose type is the call's dtype.
  begin(fn, allowedOptions, options, input, inputName = 'input') {
    this.fn = fn;
    this.inputName = inputName;
    this.options = checkOptions(fn, options, allowedOptions);
    this.Type = inputType(fn, inputName, input); // the dtype: Float32Array or Float64Array
    this.kernels = this.Type === Float32Array ? this.binding.float32 : this.binding.float64;
    this.arrays[INPUT] = input;
    return this;
  }

  // Back to the state before `begin`, holding none of the caller's arrays (a reused Call must not keep
  // them alive).
  reset() {
    const { arrays, extents, lengths, pointers } = this;
    for (let role = 0; role < ROLES; role++) {
      arrays[role] = null;
      extents[role] = EXTENTS[role];
      lengths[role] = LENGTHS[role];
      pointers[role] = 0;
    }
    this.options = null;
    this.roleNames = ROLE_NAMES;
    // Every block of a streamed call but the last holds a multiple of this many rows: ML_PARTIAL_ROWS, or 1
    // for the losses whose kernels restart their vector lanes at every row (ml_partial in marginloss.h).
    this.rowMultiple = PARTIAL_ROWS;
    // What the kernels take besides pointers; each loss sets those its kernel reads.
    this.rows = 0;
    this.classes = 1;
    this.inner = 1;
    this.reduction = REDUCTIONS.mean;
    this.margin = 0;
    this.power = 1;
    this.ignoreIndex = 0;
    this.smoothing = 0;
    // The embedding losses (cosine, triplet): the length of each row, and the triplet distance's norm order
    // p, the eps added to its differences and the swap flag (0 or 1).
    this.dim = 0;
    this.normOrder = 2;
    this.eps = 0;
    this.swap = 0;
  }

  // A checked argument array for `role`, and how its length relates to the rows.
  set(role, array, extent) {
    this.arrays[role] = array;
    this.extents[role] = extent;
  }

  // Strict mode's label check; `layout` is what the loss derived from its input (labels/guard.js).
  guardLabels(target, layout) {
    guardLabels(this.fn, target, layout, this.options.labels, this.binding.labels);
  }

  /**
   * Checks the options every loss takes, lays the arrays out in the scratch block, calls `kernel` through
   * `invoke` and returns { loss, grad } (and grad2, grad3 for a loss of two or three inputs). `lossValues`:
   * the loss's length with reduction 'none'. `targetOutOfRange(call)`: the RangeError for an out-of-range
   * class index. Arrays too large for the window go through it in blocks of rows (runInBlocks).
   */
  run(kernel, invoke, lossValues, targetOutOfRange = null) {
    const { fn, options, arrays, lengths, pointers } = this;
    const reduced = this.reduction !== REDUCTIONS.none;
    const gradLength = arrays[INPUT].length;
    const inputs = this.inputCount();
    arrays[GRAD_OUTPUT] = gradOutputArray(fn, options.gradOutput, this.reduction, this.Type, lossValues);
    const withGrad = wantsGrad(fn, options.grad);
    lengths[LOSS] = reduced ? 1 : lossValues;
    if (withGrad) lengths[GRAD] = gradLength;
    if (withGrad && inputs >= 2) lengths[GRAD2] = gradLength;
    if (withGrad && inputs === 3) lengths[GRAD3] = gradLength;
    if (options.out !== undefined) this.takeOut(options.out, inputs, gradLength, withGrad);
    if (reduced) this.extents[GRAD_OUTPUT] = this.extents[LOSS] = WHOLE;

    // ModuleArrays go by their own pointers, the rest at offsets in the scratch block, copied in once it
    // is allocated (it may move when it grows).
    let bytes = 0;
    let byRowBytes = 0; // of the arrays in the scratch block that a block of rows holds part of
    let placed = 0; // a bit per role in the scratch block
    let nonEmpty = 0; // a bit per role in the scratch block with an array of data
    for (let role = 0; role < ROLES; role++) {
      const array = arrays[role];
      pointers[role] = 0;
      if (array instanceof ModuleArray) {
        // Its pointer means nothing in another module's memory: it would read or write unrelated data.
        if (!array.belongsTo(this.binding.exports)) {
          throw new TypeError('marginloss: a ModuleArray passed to this call was allocated by another init() ' +
            "instance (the SIMD build versus the baseline, or a private instance); allocate it with the same instance's alloc()");
        }
        pointers[role] = array.pointer;
      } else if (role < LOSS ? array !== null : lengths[role] !== UNUSED) {
        pointers[role] = bytes;
        placed |= 1 << role;
        const elementBytes = role === WORKSPACE ? 1 : this.Type.BYTES_PER_ELEMENT;
        const arrayBytes = role < LOSS ? array.byteLength : lengths[role] * elementBytes;
        bytes = alignUp(bytes + arrayBytes);
        if (arrayBytes > 0) nonEmpty |= 1 << role;
        if (this.extents[role] === BY_ROW) byRowBytes += arrayBytes;
      }
    }
    if (bytes > windowSize() && byRowBytes > 0) {
      return this.runInBlocks(kernel, invoke, targetOutOfRange, placed, nonEmpty);
    }

    const { memory } = this.binding;
    const views = memory.f64; // replaced when the scratch block grows the memory
    const base = memory.scratch(Math.max(bytes, 8));
    if (memory.f64 !== views) this.checkViews(nonEmpty);
    for (let role = 0; role < ROLES; role++) {
      if ((placed & (1 << role)) === 0) continue;
      pointers[role] += base;
      if (role < LOSS) memory.copyIn(arrays[role], pointers[role]);
    }

    const status = invoke(kernel, pointers, this, this.rows, 0);
    if (status !== 0) throw this.failure(status, targetOutOfRange);
    return resultsOf(inputs, this.result(LOSS, reduced), this.result(GRAD, false), this.result(GRAD2, false),
      this.result(GRAD3, false));
  }

  /**
   * The call in blocks of whole rows through the window, by the kernel's partial entry (ml_partial in
   * c/include/marginloss.h): every block is checked first, so a refused call writes nothing, then copied
   * in, computed and its results copied out. The results equal one call's on the whole arrays bit for bit.
   * `placed`: the roles that are not ModuleArrays, which go through the window; `nonEmpty`: see checkViews.
   */
  runInBlocks(kernel, invoke, targetOutOfRange, placed, nonEmpty) {
    const { arrays, lengths, extents, pointers, rows } = this;
    const { memory } = this.binding;
    // Elements per row of each array a block holds part of, and the window: the partial state, the arrays
    // every block needs entire, then a block of rows of each other array.
    const perRow = new Array(ROLES).fill(0);
    const offsets = new Array(ROLES).fill(0);
    let fixedBytes = PARTIAL_BYTES;
    let rowBytes = 0;
    let slots = 0;
    for (let role = 0; role < ROLES; role++) {
      const array = arrays[role];
      if (role < LOSS ? array === null : lengths[role] === UNUSED) continue;
      const length = role < LOSS ? array.length : lengths[role];
      const elementBytes = this.elementBytes(role);
      const inWindow = (placed & (1 << role)) !== 0;
      if (extents[role] === WHOLE) {
        if (inWindow) {
          offsets[role] = fixedBytes;
          fixedBytes = alignUp(fixedBytes + length * elementBytes);
        }
      } else {
        perRow[role] = length / rows;
        if (inWindow) {
          rowBytes += perRow[role] * elementBytes;
          slots++;
        }
      }
    }
    // As many rows as fit, down to a multiple of rowMultiple; at least that many (the window then grows).
    const fit = Math.floor((windowSize() - fixedBytes - ALIGNMENT * slots) / rowBytes);
    const blockRows = Math.max(fit - (fit % this.rowMultiple), this.rowMultiple);
    let bytes = fixedBytes;
    for (let role = 0; role < ROLES; role++) {
      if ((placed & (1 << role)) === 0 || extents[role] === WHOLE) continue;
      offsets[role] = bytes;
      bytes = alignUp(bytes + blockRows * perRow[role] * this.elementBytes(role));
    }

    const views = memory.f64;
    const base = memory.scratch(bytes);
    if (memory.f64 !== views) this.checkViews(nonEmpty);
    const partial = base;
    memory.i32[partial / 4] = PARTIAL_CHECK;
    memory.i32[partial / 4 + 1] = 0;
    memory.f64.fill(0, partial / 8 + 1, partial / 8 + PARTIAL_BYTES / 8);
    for (let role = 0; role < ROLES; role++) {
      if ((placed & (1 << role)) === 0) continue;
      pointers[role] = base + offsets[role];
      if (role < LOSS && extents[role] === WHOLE) memory.copyIn(arrays[role], pointers[role]);
    }

    // The check phase reads class indices (and the per-class weights, copied above) and nothing else.
    for (let start = 0; start < rows; start += blockRows) {
      const count = Math.min(blockRows, rows - start);
      this.pointBlock(start, perRow);
      for (let role = 0; role < LOSS; role++) {
        const array = arrays[role];
        if ((placed & (1 << role)) !== 0 && extents[role] === BY_ROW && array instanceof Int32Array) {
          memory.copyInRange(array, start * perRow[role], (start + count) * perRow[role], pointers[role]);
        }
      }
      const status = invoke(kernel, pointers, this, count, partial);
      if (status !== 0) throw this.failure(status, targetOutOfRange);
    }

    for (let role = LOSS; role <= GRAD3; role++) {
      if ((placed & (1 << role)) !== 0 && extents[role] === BY_ROW && arrays[role] === null) {
        arrays[role] = new this.Type(lengths[role]);
      }
    }
    memory.i32[partial / 4] = PARTIAL_COMPUTE;
    for (let start = 0; start < rows; start += blockRows) {
      const count = Math.min(blockRows, rows - start);
      this.pointBlock(start, perRow);
      for (let role = 0; role < LOSS; role++) {
        if ((placed & (1 << role)) !== 0 && extents[role] === BY_ROW) {
          memory.copyInRange(arrays[role], start * perRow[role], (start + count) * perRow[role], pointers[role]);
        }
      }
      const status = invoke(kernel, pointers, this, count, partial);
      // The check phase passed, and the compute phase validates the same: a failure here is a bug.
      if (status !== 0) throw internalError(this.fn, this.binding.exports, status);
      for (let role = LOSS; role <= GRAD3; role++) {
        if ((placed & (1 << role)) !== 0 && extents[role] === BY_ROW) {
          memory.copyOutAt(arrays[role], start * perRow[role], pointers[role], count * perRow[role]);
        }
      }
    }
    const loss = extents[LOSS] === WHOLE ? this.result(LOSS, true) : this.filled(LOSS);
    return resultsOf(this.inputCount(), loss, this.filled(GRAD), this.filled(GRAD2), this.filled(GRAD3));
  }

  // 1, 2 or 3: the inputs the loss takes, and so the gradients it returns (grad, grad2, grad3).
  inputCount() {
    return this.arrays[INPUT3] !== null ? 3 : this.arrays[INPUT2] !== null ? 2 : 1;
  }

  // Points the ModuleArrays a block holds part of at its rows from `start` (the other arrays' blocks are
  // copied to the same slots in the window every time).
  pointBlock(start, perRow) {
    const { arrays, extents, pointers } = this;
    for (let role = 0; role < ROLES; role++) {
      const array = arrays[role];
      if (extents[role] === BY_ROW && array instanceof ModuleArray) {
        pointers[role] = array.pointer + start * perRow[role] * this.elementBytes(role);
      }
    }
  }

  elementBytes(role) {
    const array = this.arrays[role];
    if (role === WORKSPACE) return 1;
    if (role < LOSS) return array instanceof ModuleArray ? array.type.BYTES_PER_ELEMENT : array.BYTES_PER_ELEMENT;
    return this.Type.BYTES_PER_ELEMENT;
  }

  // An output written block by block: its array, or null when not written.
  filled(role) {
    return this.lengths[role] === UNUSED ? null : this.arrays[role];
  }

  // A typed array that is a view of module memory was detached (reads as empty) when the scratch block
  // grew the memory. `nonEmpty`: the roles whose arrays held data before; checked before anything is
  // copied or written.
  checkViews(nonEmpty) {
    const { arrays } = this;
    for (let role = 0; role < ROLES; role++) {
      if ((nonEmpty & (1 << role)) !== 0 && arrays[role] !== null && arrays[role].byteLength === 0) {
        const name = role === INPUT ? this.inputName : this.roleNames[role];
        throw new TypeError(`${this.fn}: ${name} is a view of module memory, which this call grew ` +
          '(detaching the view); pass its ModuleArray instead');
      }
    }
  }

  // The error for a status the kernel returned.
  failure(status, targetOutOfRange) {
    return status === TARGET_OUT_OF_RANGE && targetOutOfRange !== null
      ? targetOutOfRange(this)
      : internalError(this.fn, this.binding.exports, status);
  }

  // options.out into the output roles, each checked (validate.js) and none an input or another output.
  // `inputs`: 1, 2 or 3, the gradients there are (grad, grad2, grad3).
  takeOut(out, inputs, gradLength, withGrad) {
    const { fn, arrays } = this;
    if (out === null || typeof out !== 'object' || Array.isArray(out) || ArrayBuffer.isView(out) ||
        out instanceof ModuleArray) {
      throw new TypeError(
        `${fn}: options.out must be an object of typed arrays or ModuleArrays, e.g. { grad }; got ${describe(out)}`,
      );
    }
    // for-in allocates no array of keys; the inherited keys it also visits are skipped, as Object.keys does.
    for (const key in out) {
      if (!Object.hasOwn(out, key)) continue;
      const role = key === 'loss' ? LOSS : key === 'grad' ? GRAD : key === 'grad2' && inputs >= 2 ? GRAD2
        : key === 'grad3' && inputs === 3 ? GRAD3 : -1;
      if (role < 0) {
        const keys = OUT_KEYS[inputs];
        throw new TypeError(`${fn}: unknown key options.out.${key}; valid keys are ${keys}`);
      }
      const array = outArray(fn, key, out[key], this.Type, role === LOSS ? this.lengths[LOSS] : gradLength);
      const other = arrays.indexOf(array);
      if (other >= 0) {
        const kind = array instanceof ModuleArray ? 'ModuleArray' : 'array';
        throw new RangeError(other < LOSS
          ? `${fn}: options.out.${key} must not be one of the inputs (the kernel reads them while writing)`
          : `${fn}: options.out must hold a different ${kind} for each result`);
      }
      arrays[role] = array;
    }
    if (!withGrad && (arrays[GRAD] !== null || arrays[GRAD2] !== null || arrays[GRAD3] !== null)) {
      throw new RangeError(`${fn}: options.out has a gradient array but options.grad is false`);
    }
  }

  // What the call returns for an output: null when not written; a reduced loss as a number (written to
  // options.out.loss too when given); else the caller's array (written in place or copied into) or a new one.
  result(role, reduced) {
    const length = this.lengths[role];
    if (length === UNUSED) return null;
    const { memory } = this.binding;
    const into = this.arrays[role];
    if (into instanceof ModuleArray) return reduced ? into.array[0] : into;
    if (reduced && into === null) return memory.read(this.Type, this.pointers[role]);
    const array = memory.copyOut(into, this.Type, this.pointers[role], length);
    return reduced ? array[0] : array;
  }
}

// What a call returns: grad2 and grad3 only for the losses of two and three inputs (absent gradients are null).
function resultsOf(inputs, loss, grad, grad2, grad3) {
  return inputs === 1 ? { loss, grad } : inputs === 2 ? { loss, grad, grad2 } : { loss, grad, grad2, grad3 };
}

// The first target entry outside [low, high) (and not `allowed`), as the error that names it.
export function findOutOfRange(fn, target, low, high, rule, allowed) {
  const values = target instanceof ModuleArray ? target.array : target;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if ((v < low || v >= high) && v !== allowed) {
      return new RangeError(`${fn}: target[${i}] = ${v} is out of range; ${rule}`);
    }
  }
  return new Error(`${fn}: the kernel reported an out-of-range target that the binding cannot find`);
}

// A status the JS checks should have made impossible: a bug in marginloss, not in the caller's input.
function internalError(fn, exports, status) {
  const pointer = exports.ml_status_name(status) >>> 0;
  const bytes = new Uint8Array(exports.memory.buffer, pointer, 64);
  const name = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  return new Error(`${fn}: internal error ${name} (${status}); please report it`);
}
