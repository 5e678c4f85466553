// The training section's part of the page state: which loss is trained side by side (its family follows
// from it), the dataset, the learning rate, and — for the binary family only — the points as the reader
// edited them ([feature 1, feature 2, class ±1]; null = the dataset's own points, not written to the URL).
import { DATASET_IDS, DOMAIN } from './train-data.js';
import { TRAINER_IDS } from './train-models.js';
import { clamp, num, round } from './url-values.js';

/** Most points an edited binary dataset keeps. */
export const MAX_POINTS = 60;


export const TRAIN_PART = {
  defaults: () => ({ tl: 'softMargin', ds: 'sep', lr: 0.5, pts: null }),
  codec: {
    tl: [(s) => (TRAINER_IDS.includes(s) ? s : undefined), String],
    ds: [(s) => (DATASET_IDS.includes(s) ? s : undefined), String],
    lr: [num, (v) => String(round(v))],
    pts: [(s) => (s ? s.split(';').map((p) => p.split(':').map(num)) : []),
      (v) => v.map((p) => `${round(p[0])}:${round(p[1])}:${p[2]}`).join(';')],
  },
  sanitize(st) {
    if (!TRAINER_IDS.includes(st.tl)) st.tl = 'softMargin';
    if (!DATASET_IDS.includes(st.ds)) st.ds = 'sep';
    st.lr = Math.min(5, Math.max(0.01, Number.isFinite(st.lr) ? st.lr : 0.5));
    st.pts = Array.isArray(st.pts)
      ? st.pts.filter((p) => p.length === 3 && p.every(Number.isFinite)).slice(0, MAX_POINTS)
        .map(([a, b, c]) => [clamp(a, ...DOMAIN), clamp(b, ...DOMAIN), c > 0 ? 1 : -1])
      : null;
    // Fewer than two points cannot show a boundary: back to the dataset's own points.
    if (st.pts && st.pts.length < 2) st.pts = null;
  },
};
