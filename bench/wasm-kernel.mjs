// The WASM kernel alone, for the comparison with native: the module instantiated directly (a standalone
// reactor: one import, _initialize, malloc/free exported), inputs copied into its memory once, and the
// raw export called with pointers, so a call does no copying and no argument checks. Signatures follow
// c/include/marginloss.h; reduction 'mean', float32, the same arguments as bench/native/call_kernels.c.
const MEAN = 1;

/** Instantiates the module from its bytes and returns its exports. */
export async function loadRawModule(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: { emscripten_notify_memory_growth() {} },
  });
  instance.exports._initialize();
  return instance.exports;
}

// malloc in the module's memory, recording the block in `blocks`.
function allocator(exports, blocks) {
  return (bytes) => {
    const pointer = exports.malloc(Math.max(bytes, 8)) >>> 0;
    if (!pointer) throw new Error(`bench: malloc(${bytes}) failed in the module`);
    blocks.push(pointer);
    return pointer;
  };
}

/**
 * What the kernel writes, allocated once and shared by every input set of a case (as a caller reuses
 * its buffers): { lossOut, grad, grad2, grad3, workspace (pointers, 0 where the loss has none), free() }.
 */
export function rawOutputs(exports, loss, n, classes) {
  const blocks = [];
  const alloc = allocator(exports, blocks);
  return {
    lossOut: alloc(4),
    grad: alloc(4 * n),
    grad2: (loss.inputs ?? 1) >= 2 ? alloc(4 * n) : 0,
    grad3: (loss.inputs ?? 1) === 3 ? alloc(4 * n) : 0,
    workspace: loss.c === 'multilabel_margin' ? alloc(classes) : 0,
    free: () => blocks.forEach((pointer) => exports.free(pointer)),
  };
}

/**
 * Copies `inputs` (see cases.mjs) into the module and returns { call(withGrad) -> status, loss() -> the
 * float32 loss value, grad(), grad2(), grad3() -> copies of the gradients, free() }, writing into `outputs`
 * (rawOutputs).
 */
export function rawKernel(exports, loss, inputs, outputs) {
  const { rows, classes, n } = inputs;
  const blocks = [];
  const alloc = allocator(exports, blocks);
  const put = (array) => {
    const pointer = alloc(array.byteLength);
    new array.constructor(exports.memory.buffer, pointer, array.length).set(array);
    return pointer;
  };
  const x = put(inputs.x);
  const x2 = inputs.x2 ? put(inputs.x2) : 0;
  const x3 = inputs.x3 ? put(inputs.x3) : 0;
  const labels = inputs.y ?? inputs.t;
  const target = labels ? put(labels) : 0;
  const { lossOut, grad, grad2, grad3, workspace } = outputs;
  const kernel = exports[`ml_f32_${loss.c}`];
  if (!kernel) throw new Error(`bench: the module has no export ml_f32_${loss.c}`);

  const calls = {
    soft_margin: (g) => kernel(x, target, n, MEAN, 0, lossOut, g),
    multilabel_soft_margin: (g) => kernel(x, target, 0, rows, classes, MEAN, 0, lossOut, g),
    multi_margin: (g) => kernel(x, target, 0, rows, classes, 1, 1.0, MEAN, 0, lossOut, g),
    multilabel_margin: (g) => kernel(x, target, rows, classes, MEAN, 0, lossOut, g, workspace),
    // 1-D, as the binding passes an unshaped input: rows = 1, classes = n.
    bce_with_logits: (g) => kernel(x, target, 0, 0, 0, 1, n, MEAN, 0, lossOut, g),
    cross_entropy_index: (g) => kernel(x, target, 0, rows, classes, 1, -100, 0.0, MEAN, 0, lossOut, g),
    hinge_embedding: (g) => kernel(x, target, n, 1.0, MEAN, 0, lossOut, g),
    margin_ranking: (g) => kernel(x, x2, target, n, 0.0, MEAN, 0, lossOut, g, g ? grad2 : 0),
    // margin 0.
    cosine_embedding: (g) => kernel(x, x2, target, rows, classes, 0.0, MEAN, 0, lossOut, g, g ? grad2 : 0),
    // margin 1, p = 2, eps 1e-6, no swap.
    triplet_margin: (g) => kernel(x, x2, x3, rows, classes, 1.0, 2.0, 1e-6, 0, MEAN, 0, lossOut, g, g ? grad2 : 0,
      g ? grad3 : 0),
  };
  const invoke = calls[loss.c];
  const copy = (pointer) => (pointer ? new Float32Array(exports.memory.buffer, pointer, n).slice() : null);
  return {
    call: (withGrad) => invoke(withGrad ? grad : 0),
    loss: () => new Float32Array(exports.memory.buffer, lossOut, 1)[0],
    grad: () => copy(grad),
    grad2: () => copy(grad2),
    grad3: () => copy(grad3),
    free: () => blocks.forEach((pointer) => exports.free(pointer)),
  };
}
