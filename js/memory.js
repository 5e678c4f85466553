// The module's linear memory as seen from JavaScript: a scratch block reused by every convenience call,
// and typed-array views that are rebuilt whenever memory.grow has detached the old buffer.

// wasm32 pointers and sizes are 32-bit; emmalloc cannot hand out more than this in one block.
const MAX_BLOCK_BYTES = 0xfff0_0000;
const ALIGNMENT = 8;

export class ModuleMemory {
  constructor(exports) {
    this.exports = exports;
    this.scratchPointer = 0;
    this.scratchBytes = 0;
    this.heaps = new Map();
  }

  // A block of at least `bytes`, reused across calls. It only ever grows, so calls of a steady size
  // allocate nothing and the module's memory stops growing.
  scratch(bytes) {
    if (bytes <= this.scratchBytes) return this.scratchPointer;
    if (bytes > MAX_BLOCK_BYTES) {
      throw new RangeError(
        `marginloss: the arrays of this call need ${bytes} bytes of module memory; ` +
          `WebAssembly (wasm32) can address at most ${MAX_BLOCK_BYTES}`,
      );
    }
    const { malloc, free } = this.exports;
    let size = Math.min(MAX_BLOCK_BYTES, Math.max(bytes, 2 * this.scratchBytes, 65536));
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
    return pointer;
  }

  // A view of the whole memory as `Type` (HEAPF32 and friends), rebuilt when memory.grow has detached
  // the old buffer (its views then read as empty): copies go through heap.set(array, pointer / size) and
  // heap.slice() without a view per array, and without asking the memory for its buffer on every copy.
  heap(Type) {
    let heap = this.heaps.get(Type);
    if (heap === undefined || heap.length === 0) {
      heap = new Type(this.exports.memory.buffer);
      this.heaps.set(Type, heap);
    }
    return heap;
  }

  // Copies `array` into module memory at `pointer` (aligned for its element type).
  copyIn(array, pointer) {
    this.heap(array.constructor).set(array, pointer / array.BYTES_PER_ELEMENT);
  }

  // A new `Type` array holding `length` elements of module memory at `pointer`.
  copyOut(Type, pointer, length) {
    const start = pointer / Type.BYTES_PER_ELEMENT;
    return this.heap(Type).slice(start, start + length);
  }
}

export function alignUp(bytes) {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}
