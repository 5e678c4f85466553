// What this machine charges for memory a process touches for the first time, which a call that returns
// fresh result arrays pays on every call (each large typed array is new memory from the OS) and a call
// with a reused options.out does not. On some machines (virtual machines that hand freed memory back to
// their host) a first touch costs many times a copy, and that, not marginloss, then dominates the API's
// fresh-array column: the README states it next to the numbers.

const PAGE_BYTES = 4096;
const ARRAY_BYTES = 4 << 20; // a 10^6-element float32 gradient
const ROUNDS = 9;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

// Microseconds per 4 KiB page: the time to fill a new array (kept alive, so that no freed memory is
// reused) less the time to fill one already touched, over the pages filled.
export function freshPageMicroseconds() {
  const kept = [];
  const reused = new Uint8Array(ARRAY_BYTES).fill(1);
  const fresh = [];
  const warm = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    kept.push(new Uint8Array(ARRAY_BYTES).fill(1));
    fresh.push(performance.now() - start);
    start = performance.now();
    reused.fill(round);
    warm.push(performance.now() - start);
  }
  const pages = ARRAY_BYTES / PAGE_BYTES;
  return { microsecondsPerPage: (1000 * Math.max(0, median(fresh) - median(warm))) / pages, arrayBytes: ARRAY_BYTES };
}
