// The examples' data: 2-D points on three interleaved spiral arms, one class per arm. No straight line
// separates the arms, so a linear classifier cannot fit them and a hidden layer has to. Seeded, so every
// run (in Node and in the browser) trains on the same points.

// mulberry32: a small seeded generator of numbers in [0, 1).
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CLASSES = 3;

/**
 * `perClass` points per arm: `points` (Float32Array, row i is [x, y]) and `labels` (Int32Array of class
 * indices 0, 1, 2), classes interleaved.
 */
export function spiral(perClass, seed) {
  const random = seededRandom(seed);
  const n = perClass * CLASSES;
  const points = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const arm = i % CLASSES;
    const r = (Math.floor(i / CLASSES) + 1) / perClass; // from the centre outwards
    const angle = (arm * 2 * Math.PI) / CLASSES + 4 * r + 0.3 * (random() - 0.5);
    points[2 * i] = r * Math.cos(angle);
    points[2 * i + 1] = r * Math.sin(angle);
    labels[i] = arm;
  }
  return { points, labels };
}
