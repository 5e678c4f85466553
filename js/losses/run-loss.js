// What every loss does after its own argument checks: the upstream gradient, the outputs and the call.
import { internalError, Output, STATUS } from '../kernel-call.js';
import { floatArrayType, gradOutputArray, outArrays, REDUCTIONS, wantsGrad } from '../validate.js';

export const COMMON_OPTIONS = ['reduction', 'shape', 'gradOutput', 'grad', 'out'];

// Shape rules for losses without a class dimension: any shape, optional (1-D when absent).
export const ELEMENTWISE_SHAPE = { required: false, dims: [0, Infinity] };

/**
 * spec: { fn, dtype, kernel (C name), reduction (code), options, args (typed arrays or null; args[0] is
 *   the input, whose shape every gradient has), outputLength (loss values for 'none'), gradients (1, or 2
 *   for a loss of two inputs), scratch (an Output.scratch the kernel needs as workspace),
 *   invoke(kernel, pointers), targetRangeError() (the RangeError for ML_ERR_TARGET_OUT_OF_RANGE, for
 *   index targets) }
 * Pointers reach `invoke` in the order: args, gradOutput, loss, grads, scratch. `args` is extended in place.
 */
export function runLoss(kernels, spec) {
  const { fn, dtype, reduction, options } = spec;
  const Type = floatArrayType(dtype);
  const gradOutput = gradOutputArray(fn, options.gradOutput, reduction, dtype, spec.outputLength);
  const withGrad = wantsGrad(fn, options.grad);
  const lossLength = reduction === REDUCTIONS.none ? spec.outputLength : 1;
  const gradLength = spec.args[0].length;
  const ranking = spec.gradients === 2;
  const into = outArrays(fn, options.out, dtype,
    ranking ? { loss: lossLength, grad: gradLength, grad2: gradLength } : { loss: lossLength, grad: gradLength },
    spec.args);
  if (!withGrad && (into.grad || into.grad2)) {
    throw new RangeError(`${fn}: options.out has a gradient array but options.grad is false`);
  }
  // A reduced loss is read straight from module memory unless it goes into a ModuleArray.
  const lossOutput = reduction !== REDUCTIONS.none && !into.loss ? Output.value(Type)
    : outputInto(into.loss, Type, lossLength);
  const outputs = [lossOutput, withGrad ? outputInto(into.grad, Type, gradLength) : null];
  if (ranking) outputs.push(withGrad ? outputInto(into.grad2, Type, gradLength) : null);
  if (spec.scratch) outputs.push(spec.scratch);
  const args = spec.args;
  args.push(gradOutput);
  const results = kernels.run(dtype, spec.kernel, args, outputs, spec.invoke, (status) =>
    status === STATUS.TARGET_OUT_OF_RANGE && spec.targetRangeError
      ? spec.targetRangeError()
      : internalError(fn, kernels.exports, status),
  );
  const loss = reduction !== REDUCTIONS.none && into.loss ? into.loss.array[0] : results[0];
  return ranking ? { loss, grad: results[1], grad2: results[2] } : { loss, grad: results[1] };
}

// The Output for a result: the caller's ModuleArray (options.out), else a fresh array.
function outputInto(array, Type, length) {
  return array ? Output.inPlace(array) : Output.fresh(Type, length);
}

// The first target entry outside [low, high) (and not `allowed`), as the error that names it.
export function findOutOfRange(fn, target, low, high, rule, allowed) {
  for (let i = 0; i < target.length; i++) {
    const v = target[i];
    if ((v < low || v >= high) && v !== allowed) {
      return new RangeError(`${fn}: target[${i}] = ${v} is out of range; ${rule}`);
    }
  }
  return new Error(`${fn}: the kernel reported an out-of-range target that the binding cannot find`);
}
