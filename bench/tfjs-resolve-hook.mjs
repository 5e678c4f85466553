// A Node resolve hook for one file: @tensorflow/tfjs-core/dist/register_all_gradients.js. tfjs-core's
// Node bundle ships no gradients, and its ES module build imports siblings without the '.js' extension
// (bundler style), which Node's resolver refuses. This retries such relative imports inside
// node_modules/@tensorflow with '.js' (or '/index.js'); every other import resolves as usual.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fixable = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT';
    if (!fixable || !specifier.startsWith('.') || !context.parentURL?.includes('/node_modules/@tensorflow/')) {
      throw error;
    }
    try {
      return await nextResolve(`${specifier}.js`, context);
    } catch {
      return nextResolve(`${specifier}/index.js`, context);
    }
  }
}
