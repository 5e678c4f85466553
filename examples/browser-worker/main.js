// Starts the training worker and shows its progress: a row per report, a progress bar, and a status line
// that screen readers announce. <body data-state> is 'training', then 'done' or 'error'.
const STEPS = 600;
const REPORT_EVERY = 50;

const rows = document.getElementById('rows');
const bar = document.getElementById('progress');
const status = document.getElementById('status');
bar.max = STEPS;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

function finish(state, message) {
  status.textContent = message;
  document.body.dataset.state = state;
  worker.terminate();
}

worker.onmessage = ({ data }) => {
  if (data.type === 'progress') {
    const row = rows.insertRow();
    for (const value of [data.step, data.loss.toFixed(4), data.accuracy.toFixed(3)]) row.insertCell().textContent = value;
    bar.value = data.step;
    status.textContent = `Training: step ${data.step} of ${STEPS}, loss ${data.loss.toFixed(4)}.`;
  } else if (data.type === 'done') {
    const last = rows.rows[rows.rows.length - 1].cells;
    finish('done', `Done: loss ${last[1].textContent}, held-out accuracy ${last[2].textContent} ` +
      `(WebAssembly ${data.simd ? 'SIMD' : 'baseline'} build).`);
  } else {
    finish('error', `Training failed: ${data.message}`);
  }
};
worker.onerror = (event) => finish('error', `The worker failed to start: ${event.message ?? 'see the console'}`);

worker.postMessage({ steps: STEPS, reportEvery: REPORT_EVERY });
