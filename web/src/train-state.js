// The training section's part of the page state: the loss trained side by side, the learning rate and
// the dataset's points ([feature 1, feature 2, class ±1]).
export const TRAIN_LOSSES = ['softMargin', 'bceWithLogits', 'multilabelSoftMargin'];

export const DEFAULT_POINTS = [
  [-1.4, 0.9, 1], [-0.6, 1.5, 1], [0.3, 1.1, 1], [-2.0, 0.2, 1], [0.8, 2.0, 1], [-1.0, 0.1, 1],
  [1.2, -0.3, -1], [0.4, -1.0, -1], [2.0, 0.6, -1], [1.6, -1.4, -1], [-0.4, -1.6, -1], [2.4, 1.6, -1],
  [-1.4, -1.2, -1], [0.6, -2.4, -1],
];

const num = (s) => (s === '' || s == null ? NaN : Number(s));
const round = (v) => Math.round(v * 1000) / 1000;

export const TRAIN_PART = {
  defaults: () => ({ tl: 'softMargin', lr: 0.5, pts: DEFAULT_POINTS.map((p) => [...p]) }),
  codec: {
    tl: [(s) => (TRAIN_LOSSES.includes(s) ? s : undefined), String],
    lr: [num, (v) => String(round(v))],
    pts: [(s) => (s ? s.split(';').map((p) => p.split(':').map(num)) : []),
      (v) => v.map((p) => `${round(p[0])}:${round(p[1])}:${p[2]}`).join(';')],
  },
  sanitize(st) {
    st.lr = Math.min(5, Math.max(0.01, Number.isFinite(st.lr) ? st.lr : 0.5));
    st.pts = (st.pts ?? []).filter((p) => p.length === 3 && p.every(Number.isFinite)).slice(0, 60)
      .map(([a, b, c]) => [Math.min(3, Math.max(-3, a)), Math.min(3, Math.max(-3, b)), c > 0 ? 1 : -1]);
  },
};
