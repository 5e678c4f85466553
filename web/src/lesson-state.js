// The guided lesson's part of the page state: which step is open (0 = the first; ?step=N counts from 1,
// as the step list does).
export const STEP_COUNT = 7;

export const LESSON_PART = {
  defaults: () => ({ step: 0 }),
  codec: { step: [(s) => Number(s) - 1, (v) => String(v + 1)] },
  sanitize(st) {
    st.step = Number.isInteger(st.step) ? Math.min(STEP_COUNT - 1, Math.max(0, st.step)) : 0;
  },
};
