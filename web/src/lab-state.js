// The convention lab's part of the page state: the score fed to every case. Which card is highlighted
// is not state: a card is highlighted while the explorer shows its mistake (lab-cases.js explorerShows),
// so no highlight can go stale or leak into a shared link.
import { num, round } from './url-values.js';

export const LAB_PART = {
  defaults: () => ({ lx: -2 }),
  codec: { lx: [num, (v) => String(round(v))] },
  sanitize(st) {
    st.lx = Math.min(6, Math.max(-6, Number.isFinite(st.lx) ? st.lx : -2));
  },
};
