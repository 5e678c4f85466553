// marginloss/tfjs: the ten losses as TensorFlow.js ops whose gradient is marginloss's fused gradient,
// for tf.grad, tf.variableGrads, optimizer.minimize and tf.layers' model.compile({ loss }). Only this
// entry point imports @tensorflow/tfjs-core (an optional peer dependency); the core package never does.
// The core is imported by a relative path, so both entry points share one module and its instances.
import { init as initCore } from '../index.js';
import { TFJS_LOSSES } from './layouts.js';
import { layersLoss } from './layers-loss.js';
import { lossOp } from './op.js';

// One adapter object per core object (init() with the same options resolves to the same core object).
const adapters = new WeakMap();

function adapterFor(core) {
  if (!adapters.has(core)) {
    const api = { core, layersLoss: (name, options) => layersLoss(core, name, options) };
    for (const layout of TFJS_LOSSES) api[layout.name] = lossOp(core, layout);
    adapters.set(core, Object.freeze(api));
  }
  return adapters.get(core);
}

/**
 * Loads marginloss (the same options as the core's init(), passed through) and resolves to the losses as
 * tfjs ops, `layersLoss(name, options)` and `core`, the core API object they run on.
 */
export async function init(options) {
  return adapterFor(await initCore(options));
}
