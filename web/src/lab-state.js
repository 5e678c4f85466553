// The convention lab's part of the page state: the score fed to every case, and the highlighted case.
import { LAB_CASE_IDS } from './lab-cases.js';

const num = (s) => (s === '' || s == null ? NaN : Number(s));
const round = (v) => Math.round(v * 1000) / 1000;

export const LAB_PART = {
  defaults: () => ({ lx: -2, lab: null }),
  codec: {
    lx: [num, (v) => String(round(v))],
    lab: [(s) => (LAB_CASE_IDS.includes(s) ? s : undefined), String],
  },
  sanitize(st) {
    st.lx = Math.min(6, Math.max(-6, Number.isFinite(st.lx) ? st.lx : -2));
    if (!LAB_CASE_IDS.includes(st.lab)) st.lab = null;
  },
};
