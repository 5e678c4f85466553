// How numbers are read from and written to the page's URL, shared by the state and its parts.

export const num = (s) => (s === '' || s == null ? NaN : Number(s));
/** A comma list of numbers; a list with anything else in it is ignored whole (the default stays). */
export const list = (s) => {
  const values = s ? s.split(',').map(num) : null;
  return values && !values.every(Number.isFinite) ? undefined : values;
};
/** Three decimals: what a URL keeps of a number. */
export const round = (v) => Math.round(v * 1000) / 1000;
export const fmtList = (a) => a.map(round).join(',');
export const finite = (v, fallback) => (Number.isFinite(v) ? v : fallback);
export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
