// The module's linear memory as seen from JavaScript: a scratch block reused by every convenience call,
// and typed-array views of the whole memory that are rebuilt whenever memory.grow has detached the old
// buffer.

// wasm32 pointers and sizes are 32-bit; emmalloc cannot hand out more than this in one block.
export const MAX_BLOCK_BYTES = 0xfff0_0000;
export const ALIGNMENT = 8; // of every array in module memory

// The scratch block's size limit, the window: a call whose arrays need more streams them through it in
// blocks of rows (call.js), so copying calls of any size grow the module's memory by at most this much
// (unless a single row is larger). Small enough that a block's arrays, copied in, computed and copied
// out, stay in a core's cache; large enough that the per-block calls cost nothing next to the copies.
export const WINDOW_BYTES = 512 << 10;
let windowBytes = WINDOW_BYTES;

// The window's size: WINDOW_BYTES unless a test changed it.
export function windowSize() {
  return windowBytes;
}

// Test-only knob, not part of the package's API: wasm-tests/streaming.test.mjs shrinks the window so that
// arrays of a few thousand elements stream through many blocks.
export function setWindowSizeForTests(bytes) {
  windowBytes = bytes;
}

export class ModuleMemory {
  constructor(exports) {
    this.exports = exports;
    this.scratchPointer = 0;
    this.scratchBytes = 0;
    this.i32 = new Int32Array(0);
    this.f32 = new Float32Array(0);
    this.f64 = new Float64Array(0);
  }

  /**
   * A block of at least `bytes`, reused across calls, with the views made current. It only ever grows,
   * and only past the window when `bytes` does (a single row larger than the window), so calls of a
   * steady size allocate nothing and the module's memory stops growing.
   */
  scratch(bytes) {
    if (bytes > this.scratchBytes) this.growScratch(bytes);
    // A detached buffer's views read as empty: cheaper to test than asking the memory for its buffer.
    if (this.f64.length === 0) {
      const { buffer } = this.exports.memory;
      this.i32 = new Int32Array(buffer);
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
    }
    return this.scratchPointer;
  }

  growScratch(bytes) {
    if (bytes > MAX_BLOCK_BYTES) {
      throw new RangeError(
        `marginloss: the arrays of this call need ${bytes} bytes of module memory; ` +
          `WebAssembly (wasm32) can address at most ${MAX_BLOCK_BYTES}`,
      );
    }
    const { malloc, free } = this.exports;
    let size = Math.min(MAX_BLOCK_BYTES, Math.max(bytes, Math.min(2 * this.scratchBytes, windowBytes), 65536));
    if (this.scratchPointer) free(this.scratchPointer);
    this.scratchPointer = 0;
    this.scratchBytes = 0;
    let pointer = malloc(size) >>> 0;
    if (!pointer && size > bytes) {
      size = bytes;
      pointer = malloc(size) >>> 0;
    }
    if (!pointer) {
      throw new RangeError(`marginloss: out of module memory allocating ${bytes} bytes`);
    }
    this.scratchPointer = pointer;
    this.scratchBytes = size;
  }

  // Copies `array` (an Int32Array, Float32Array or Float64Array) into module memory at `pointer`, aligned
  // for its element type, through the view of the whole memory with that type (HEAP32 and friends).
  copyIn(array, pointer) {
    const heap = array instanceof Int32Array ? this.i32 : array instanceof Float32Array ? this.f32 : this.f64;
    const start = pointer / array.BYTES_PER_ELEMENT;
    // A short array by a loop: TypedArray#set's fixed cost is most of a small call's copy.
    if (array.length <= 16) for (let i = 0; i < array.length; i++) heap[start + i] = array[i];
    else heap.set(array, start);
  }

  // Copies elements [from, to) of `array` into module memory at `pointer` (one block of a streamed call).
  copyInRange(array, from, to, pointer) {
    this.copyIn(array.subarray(from, to), pointer);
  }

  // Copies the `length` elements of `Type` at `pointer` into `into`, or into a new array when `into` is
  // null; returns the array written.
  copyOut(into, Type, pointer, length) {
    const heap = Type === Float32Array ? this.f32 : this.f64;
    const start = pointer / Type.BYTES_PER_ELEMENT;
    if (into === null) return heap.slice(start, start + length);
    // A short result by a loop: no subarray view per call.
    if (length <= 16) for (let i = 0; i < length; i++) into[i] = heap[start + i];
    else into.set(heap.subarray(start, start + length));
    return into;
  }

  // Copies the `length` elements at `pointer` into `into` from element `offset` on (one block of a
  // streamed call).
  copyOutAt(into, offset, pointer, length) {
    const heap = into instanceof Float32Array ? this.f32 : this.f64;
    const start = pointer / into.BYTES_PER_ELEMENT;
    into.set(heap.subarray(start, start + length), offset);
  }

  // The one element of `Type` at `pointer` (a reduced loss).
  read(Type, pointer) {
    return Type === Float32Array ? this.f32[pointer / 4] : this.f64[pointer / 8];
  }
}

export function alignUp(bytes) {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}
