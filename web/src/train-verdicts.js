// What the training section says about the mistaken run, chosen from the live numbers of both runs.
// Each verdict has the condition under which it is true (`when`) and its sentence (`text`); the page
// shows exactly the verdicts whose condition holds, and web/tests/train.test.mjs checks each condition
// against numbers it recomputes itself.
import { fmt } from './dom.js';
import { FAMILIES } from './train-models.js';

/** "Weights explode" only when the mistaken run's norm is more than this many times the correct one's. */
export const EXPLODE_RATIO = 3;
/** Accuracy counts as "as good" within this much of the correct run's. */
export const ACC_SLACK = 0.05;
/** How far back "still falling" / "still growing" looks, in steps. */
export const LOOKBACK = 10;

const pct = (v) => `${fmt(100 * v, v > 0.99 && v < 1 ? 1 : 0)}%`;

/** The newest history entry at least LOOKBACK steps older than the last one (or undefined). */
export function earlier(run) {
  const last = run.history.at(-1);
  for (let i = run.history.length - 2; i >= 0; i--) if (run.history[i].step <= last.step - LOOKBACK) return run.history[i];
  return undefined;
}

// The failures a verdict can name; "accuracy looks fine" is only said beside one of them.
const FAILURES = ['negative', 'explode', 'overconfident', 'calibration', 'stuck', 'zeroLoss', 'stalled'];

export const VERDICTS = [
  {
    id: 'error',
    when: ({ wrong }) => Boolean(wrong.error),
    text: ({ wrong }) => `The mistaken run stopped before its first step: the package threw ${wrong.error.name}: “${wrong.error.message}”. PyTorch stops the same way (IndexError: Target 3 is out of bounds) — the lucky case, since nobody can miss it. Give the model a 4th output to silence it and every class trains under the wrong index.`,
  },
  {
    id: 'negative',
    when: ({ wrong }) => !wrong.error && wrong.now.loss < 0,
    text: ({ wrong }) => {
      const before = earlier(wrong);
      const falling = before && before.loss > wrong.now.loss ? `, and still falling (${fmt(before.loss, 3)} at step ${before.step})` : '';
      return `Its loss is negative (${fmt(wrong.now.loss, 3)})${falling}: with the labels it expects, this loss is never below 0.`;
    },
  },
  {
    id: 'explode',
    when: ({ right, wrong }) => !wrong.error && wrong.step >= LOOKBACK && wrong.now.norm > EXPLODE_RATIO * right.now.norm,
    text: ({ right, wrong }) => {
      const before = earlier(wrong);
      const growing = before && wrong.now.norm > 1.01 * before.norm ? `, and still growing (${fmt(before.norm, 1)} at step ${before.step})` : '';
      return `Its weights are ${fmt(wrong.now.norm / right.now.norm, 0)}× the correct run's: ‖W, b‖ = ${fmt(wrong.now.norm, 1)} against ${fmt(right.now.norm, 1)}${growing}.`;
    },
  },
  {
    id: 'overconfident',
    when: ({ wrong, right }) => !wrong.error && wrong.now.sure > 0.999 && !(right.now.sure > 0.999),
    text: ({ right }) => `Its probabilities mean nothing: it is more than 99.9% sure of an answer it gets wrong (${Number.isNaN(right.now.sure) ? 'the correct run gets none wrong' : `the correct run is at most ${pct(right.now.sure)} sure of its mistakes`}).`,
  },
  {
    id: 'calibration',
    when: ({ wrong, right }) => !wrong.error && wrong.now.ece > right.now.ece + 0.1,
    text: ({ wrong, right }) => `Its probabilities are off: calibration error ${fmt(wrong.now.ece, 2)} against ${fmt(right.now.ece, 2)} for the correct run.`,
  },
  {
    id: 'stuck',
    when: ({ wrong }) => !wrong.error && wrong.now.stuck > 0,
    text: ({ trainer, wrong, right }) => `${wrong.now.stuck} of its ${wrong.now.examples} ${FAMILIES[trainer.family].unit} add to the loss with a gradient of exactly 0: they cost and teach nothing (the correct run: ${right.now.stuck}).`,
  },
  {
    id: 'zeroLoss',
    when: ({ wrong }) => !wrong.error && wrong.now.loss === 0 && wrong.now.acc < 1,
    text: ({ wrong }) => `Its loss is exactly 0, yet ${pct(1 - wrong.now.acc)} of its answers are wrong: it fitted the targets it was given, and they are not the labels.`,
  },
  {
    id: 'stalled',
    when: ({ wrong, right }) => {
      const before = !wrong.error && earlier(wrong);
      return Boolean(before) && before.loss === wrong.now.loss && wrong.now.loss > 0 && wrong.now.loss > right.now.loss + 0.01;
    },
    text: ({ wrong, right }) => `Its loss has stopped at ${fmt(wrong.now.loss, 3)} (unchanged since step ${earlier(wrong).step}), above the correct run's ${fmt(right.now.loss, 3)}.`,
  },
  {
    id: 'lowAccuracy',
    when: ({ wrong, right }) => !wrong.error && wrong.now.acc < right.now.acc - ACC_SLACK,
    text: ({ wrong, right }) => `Its accuracy is lower: ${pct(wrong.now.acc)} against ${pct(right.now.acc)}.`,
  },
  {
    id: 'accuracyFine',
    when: (c) => !c.wrong.error && c.wrong.step > 0 && c.wrong.now.acc >= c.right.now.acc - ACC_SLACK
      && VERDICTS.some((v) => FAILURES.includes(v.id) && v.when(c)),
    text: ({ wrong, right }) => `Accuracy alone would not show it: ${pct(wrong.now.acc)} against ${pct(right.now.acc)}.`,
  },
  {
    id: 'notProbabilities',
    when: ({ trainer }) => !trainer.probabilities,
    text: ({ trainer }) => `${trainer.name} is a hinge loss: its scores are not probabilities, so neither run has a calibration to show.`,
  },
  {
    id: 'nothingYet',
    when: (c) => !c.wrong.error && c.wrong.step > 0 && !VERDICTS.some((v) => [...FAILURES, 'lowAccuracy'].includes(v.id) && v.when(c)),
    text: ({ wrong }) => `No failure shows yet at step ${wrong.step}: keep training.`,
  },
];

/** The verdicts that hold for the two runs: [{ id, text }]. */
export function verdicts(trainer, right, wrong) {
  const c = { trainer, right, wrong };
  return VERDICTS.filter((v) => v.when(c)).map((v) => ({ id: v.id, text: v.text(c) }));
}
