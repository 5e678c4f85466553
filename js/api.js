// The public functions of one loaded module, bound to its memory.
import { Call } from './call.js';
import { describe } from './describe.js';
import { exportName, LOSSES } from './losses/index.js';
import { MAX_BLOCK_BYTES, ModuleMemory } from './memory.js';
import { ModuleArray } from './module-array.js';

const ELEMENT_TYPES = [Float32Array, Float64Array, Int32Array];

// Every loss's kernels by C name, for one dtype, looked up once (a lookup per call shows in its cost).
function kernelsFor(exports, dtype) {
  const kernels = {};
  for (const loss of LOSSES) for (const kernel of loss.kernels) kernels[kernel] = exports[exportName(dtype, kernel)];
  return kernels;
}

/**
 * One instantiated module: its memory and kernels, and the API objects over it, one per `labels` default
 * ('off' or 'strict'), all sharing the module's memory.
 */
export class LoadedModule {
  constructor(exports, simd) {
    this.exports = exports;
    this.simd = simd;
    this.memory = new ModuleMemory(exports);
    this.float32 = kernelsFor(exports, 'float32');
    this.float64 = kernelsFor(exports, 'float64');
    this.apis = new Map();
  }

  // The API object whose losses default to `labels` ('off' or 'strict', checked by init()), made once.
  api(labels = 'off') {
    if (this.apis.has(labels)) return this.apis.get(labels);
    const { exports, memory, float32, float64 } = this;
    // What every loss call needs besides its arguments (see call.js).
    // `spare`: the Call the next loss call uses (call.js).
    const binding = { exports, memory, labels, float32, float64, spare: null };
    const api = {
      simd: this.simd,
      // The default of the losses' `labels` option for this object.
      labels,
      // The zero-copy tier: an array in module memory, passed to the losses (and as options.out) by pointer.
      alloc: (Type, length) => allocate(exports, Type, length),
      // The size of the memory itself (not a count kept here): right after growth by any path.
      memoryBytes: () => exports.memory.buffer.byteLength,
    };
    for (const { name, edge } of LOSSES) {
      api[name] = (a, b, c, d) => {
        // The spare Call serves this call; one begun while it is busy (from inside an options getter)
        // makes its own. Either is reset and kept as the spare afterwards, whether the call threw or not.
        const call = binding.spare ?? new Call(binding);
        binding.spare = null;
        try {
          return edge(call, a, b, c, d);
        } finally {
          call.reset();
          binding.spare = call;
        }
      };
    }
    this.apis.set(labels, Object.freeze(api));
    return this.apis.get(labels);
  }
}

function allocate(exports, Type, length) {
  if (!ELEMENT_TYPES.includes(Type)) {
    const got = typeof Type === 'function' ? Type.name || 'an anonymous function'
      : ArrayBuffer.isView(Type) ? `${describe(Type)} (an array: pass its type, e.g. alloc(Float32Array, n))`
        : describe(Type);
    throw new TypeError(`alloc: type must be Float32Array, Float64Array or Int32Array; got ${got}`);
  }
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`alloc: length must be a non-negative integer; got ${describe(length)}`);
  }
  const bytes = length * Type.BYTES_PER_ELEMENT;
  if (bytes > MAX_BLOCK_BYTES) {
    throw new RangeError(`alloc: ${length} × ${Type.name} needs ${bytes} bytes; ` +
      `WebAssembly (wasm32) can address at most ${MAX_BLOCK_BYTES}`);
  }
  const pointer = exports.malloc(Math.max(bytes, 8)) >>> 0;
  if (!pointer) throw new RangeError(`alloc: out of module memory allocating ${bytes} bytes`);
  return new ModuleArray(exports, Type, pointer, length);
}
