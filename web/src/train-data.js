// The training section's toy datasets: 2-D points for each family (binary, 3-class, 3-label, ranking),
// in three flavours (separable, overlapping, imbalanced). A seeded PRNG makes every dataset the same on
// every load, so a link shows the same run.

/** The plane the points live in (both features). */
export const DOMAIN = [-3, 3];

export const DATASETS = {
  sep: 'Separable blobs',
  over: 'Overlapping blobs',
  imb: 'Imbalanced (few positives)',
};
export const DATASET_IDS = Object.keys(DATASETS);

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Standard normal draws from a uniform PRNG (Box–Muller).
const gauss = (rand) => () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (v) => Math.round(Math.min(DOMAIN[1] - 0.1, Math.max(DOMAIN[0] + 0.1, v)) * 100) / 100;

/** `count` points around `centre` with spread `sd`, as [x, y]. */
function blob(normal, centre, sd, count) {
  return Array.from({ length: count }, () => [clamp(centre[0] + sd * normal()), clamp(centre[1] + sd * normal())]);
}

// Per flavour: the spread of each blob and how many points each class gets.
const FLAVOUR = {
  sep: { sd: 0.5, counts: [16, 16, 16] },
  over: { sd: 1.05, counts: [16, 16, 16] },
  imb: { sd: 0.75, counts: [6, 26, 12] },
};

/** Binary: { X: [[x, y]], cls: [+1 | −1] } — class + upper left, class − lower right. */
export function binaryData(flavour) {
  const f = FLAVOUR[flavour];
  const normal = gauss(prng(11));
  const pos = blob(normal, [-1.1, 0.9], f.sd, f.counts[0]);
  const neg = blob(normal, [1.1, -0.9], f.sd, f.counts[1]);
  return { X: [...pos, ...neg], cls: [...pos.map(() => 1), ...neg.map(() => -1)] };
}

/** Three classes: { X, cls: [0 | 1 | 2] }, blobs at 90°, 210° and 330°. */
export function multiclassData(flavour) {
  const f = FLAVOUR[flavour];
  const normal = gauss(prng(23));
  const X = [];
  const cls = [];
  f.counts.forEach((count, k) => {
    const angle = Math.PI / 2 + (2 * Math.PI * k) / 3;
    for (const p of blob(normal, [1.5 * Math.cos(angle), 1.5 * Math.sin(angle)], f.sd, count)) { X.push(p); cls.push(k); }
  });
  return { X, cls };
}

// Multi-label: label j is on where u_j · p + c_j > 0 (plus noise when overlapping). Label C is rarer;
// the imbalanced flavour makes every label rare.
const LABEL_RULES = [{ u: [1, 0.25], c: 0 }, { u: [0.2, 1], c: 0 }, { u: [-0.7, -0.7], c: -0.6 }];

/** Three labels: { X, sets: [[0|1, 0|1, 0|1]] } (multi-hot rows). */
export function multilabelData(flavour) {
  const rand = prng(37);
  const normal = gauss(rand);
  const shift = flavour === 'imb' ? -1.1 : 0;
  const noise = flavour === 'over' ? 0.7 : 0;
  const X = [];
  const sets = [];
  while (X.length < 40) {
    const p = [clamp(-2.6 + 5.2 * rand()), clamp(-2.6 + 5.2 * rand())];
    const margins = LABEL_RULES.map((r) => r.u[0] * p[0] + r.u[1] * p[1] + r.c + shift);
    // Separable and imbalanced: keep a gap around every label's boundary.
    if (!noise && margins.some((m) => Math.abs(m) < 0.25)) continue;
    X.push(p);
    sets.push(margins.map((m) => (m + noise * normal() > 0 ? 1 : 0)));
  }
  return { X, sets };
}

/** Ranking: { X, grade: [0 | 1 | 2], pairs: [[a, b]] } — relevance grows along (1, 1); each pair has
 *  two points of different grades, in a random order. */
export function rankingData(flavour) {
  const rand = prng(53);
  const normal = gauss(rand);
  const noise = flavour === 'over' ? 0.9 : 0;
  const cuts = flavour === 'imb' ? [1.2, 2.2] : [-0.7, 0.7];
  const X = [];
  const grade = [];
  while (X.length < 30) {
    const p = [clamp(-2.6 + 5.2 * rand()), clamp(-2.6 + 5.2 * rand())];
    const r = (p[0] + p[1]) / Math.SQRT2 + noise * normal();
    if (!noise && cuts.some((c) => Math.abs(r - c) < 0.2)) continue;
    X.push(p);
    grade.push(r > cuts[1] ? 2 : r > cuts[0] ? 1 : 0);
  }
  const pairs = [];
  for (let a = 0; a < X.length; a++) {
    for (let b = a + 1; b < X.length; b++) {
      if (grade[a] !== grade[b] && rand() < 0.4) pairs.push(rand() < 0.5 ? [a, b] : [b, a]);
    }
  }
  return { X, grade, pairs };
}

/** Binary points as the editable [x, y, class ±1] rows kept in the URL. */
export const binaryRows = (data) => data.X.map((p, i) => [p[0], p[1], data.cls[i]]);
/** The binary dataset held by editable rows. */
export const binaryFromRows = (rows) => ({ X: rows.map((r) => [r[0], r[1]]), cls: rows.map((r) => r[2]) });
