// The label-convention guard and the decision guide: no WebAssembly needed.
export { checkLabels } from './check-labels.js';
export { CONVENTIONS } from './conventions.js';
export { LabelConventionError } from './error.js';
export { recommendLoss } from './recommend.js';
