// A Node resolve hook for one file: @tensorflow/tfjs-core/dist/register_all_gradients.js. tfjs-core's
// Node bundle ships no gradients, and its ES module build imports siblings without the '.js' extension
// (bundler style), which Node's resolver refuses. Such relative imports inside node_modules/@tensorflow
// resolve with '.js' (or '/index.js') added; every other import resolves as usual.
export async function resolve(specifier, context, nextResolve) {
  const bundlerStyle = specifier.startsWith('.') && !specifier.endsWith('.js') &&
    context.parentURL?.includes('/node_modules/@tensorflow/');
  if (!bundlerStyle) return nextResolve(specifier, context);
  try {
    return await nextResolve(`${specifier}.js`, context);
  } catch {
    return nextResolve(`${specifier}/index.js`, context);
  }
}
