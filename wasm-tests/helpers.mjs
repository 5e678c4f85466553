// Shared by the node:test suites: both builds, a seeded generator, tolerant comparison, and the fixtures.
import { readFileSync } from 'node:fs';
import { init } from '../js/index.js';

export const BUILDS = [
  { name: 'simd', simd: true },
  { name: 'baseline', simd: false },
];

export async function loadBuilds() {
  return Promise.all(BUILDS.map(async (build) => ({ ...build, ml: await init({ simd: build.simd }) })));
}

// mulberry32: small, fast and good enough to make reproducible test data. Returns uint32s.
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// The same stream as numbers in [0, 1).
export function seededRandom(seed) {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

export function closeTo(got, expected, { rtol, atol }) {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
}

// Throws an assertion naming the first element that differs.
export function assertAllClose(got, expected, tolerance, label) {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  if (g.length !== e.length) throw new Error(`${label}: length ${g.length}, expected ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    if (!closeTo(g[i], e[i], tolerance)) {
      throw new Error(`${label}[${i}] = ${g[i]}, expected ${e[i]} (rtol ${tolerance.rtol}, atol ${tolerance.atol})`);
    }
  }
}

// A fixture of wasm-tests/fixtures/ (written by tools/fixtures/; format in tools/fixtures/README.md).
export function loadFixture(file) {
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'));
}

// A fixture number: a JSON number, or "NaN" / "Infinity" / "-Infinity".
const SPECIAL = { NaN, Infinity, '-Infinity': -Infinity };
export function fixtureNumber(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in SPECIAL) return SPECIAL[value];
  throw new TypeError(`fixture: not a number: ${JSON.stringify(value)}`);
}
