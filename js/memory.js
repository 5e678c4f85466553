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

  // A fresh view: taken after any call that may have grown memory, so it is never detached.
  view(Type, pointer, length) {
    return new Type(this.exports.memory.buffer, pointer, length);
  }
}

export function alignUp(bytes) {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}
