// How state changes reach the browser's history. A discrete change (a loss, a label, an option, a lab
// case, a symptom) is a step Back can undo; continuous motion (a drag, a slider moved by pointer or by a
// burst of arrow keys) is one step, not hundreds: it replaces the entry its gesture opened.
//   discrete:   push a new entry (unless the URL is unchanged)
//   continuous: push when it starts a gesture, replace while the gesture is open or the last
//               continuous change was less than COALESCE_MS ago (a range input ends a "gesture" at
//               every key press)
const COALESCE_MS = 1000;

export function createHistory(win = window, now = () => performance.now()) {
  let inGesture = false;
  let lastContinuous = -Infinity;
  return {
    /** Writes `url` for a change; `continuous` is true for drags and slider motion. */
    write(url, continuous) {
      const current = `${win.location.pathname}${win.location.search}${win.location.hash}`;
      if (url === current) return;
      const t = now();
      if (continuous && (inGesture || t - lastContinuous < COALESCE_MS)) win.history.replaceState(null, '', url);
      else win.history.pushState(null, '', url);
      inGesture = continuous;
      lastContinuous = continuous ? t : -Infinity;
    },
    /** Ends the current gesture: the next continuous change may open a new entry. */
    endGesture() { inGesture = false; },
    /** Back or Forward landed on an entry: the next change, of any kind, opens an entry of its own. */
    landed() {
      inGesture = false;
      lastContinuous = -Infinity;
    },
  };
}
