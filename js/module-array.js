// The zero-copy tier: arrays that live in the module's memory, so hot loops pass them to the kernels
// without copying. `.array` is re-derived whenever memory.grow has replaced the buffer, so it is never a
// detached or stale view (hold on to the ModuleArray, not to a view taken from it).

export class ModuleArray {
  #exports;
  #view = null;
  #pointer;

  constructor(exports, Type, pointer, length) {
    this.#exports = exports;
    this.#pointer = pointer;
    this.type = Type;
    this.length = length;
  }

  // A view of the current memory buffer; throws once freed. memory.grow detaches the old buffer, whose
  // views then read as empty: that check is cheaper than asking the memory for its buffer on every use.
  get array() {
    if (this.#view === null || this.#view.length !== this.length) {
      this.#view = new this.type(this.#exports.memory.buffer, this.pointer, this.length);
    }
    return this.#view;
  }

  get pointer() {
    if (this.#pointer === 0) throw new TypeError(`marginloss: this ModuleArray<${this.type.name}> was freed`);
    return this.#pointer;
  }

  // Whether this array lives in the memory of the module with these exports (one init() instance).
  belongsTo(exports) {
    return this.#exports === exports;
  }

  get freed() {
    return this.#pointer === 0;
  }

  free() {
    if (this.#pointer === 0) return;
    this.#exports.free(this.#pointer);
    this.#pointer = 0;
    this.#view = null;
  }
}
