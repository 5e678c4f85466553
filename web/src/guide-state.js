// The decision guide's answers in the page state: each sample is (go), the labels you have (gl), the
// style (gs); the ids are recommendLoss's own, and 'any' leaves the question to recommendLoss.
import { CONVENTIONS } from 'marginloss';

export const GUIDE_DEFAULTS = { go: 'single-label', gl: 'any', gs: 'any' };
export const GUIDE_CHOICES = {
  go: ['binary', 'single-label', 'multi-label', 'pair', 'ranking', 'embedding-pair', 'triplet'],
  gl: ['any', ...Object.keys(CONVENTIONS).filter((id) => id !== 'other')],
  gs: ['any', 'probabilistic', 'margin'],
};
