// The teaching page: loads the package's WebAssembly module, keeps the state (mirrored in the URL) and
// renders each feature from it.
import { init } from 'marginloss';
import { h } from './dom.js';
import { createExplorer } from './explorer.js';
import { createGuide } from './guide.js';
import { createLab } from './lab.js';
import { LOSSES, scalarLoss } from './losses.js';
import { fromQuery, sanitize, toQuery } from './state.js';
import { createSymptoms } from './symptoms.js';
import { createTrainer } from './train.js';
import './style.css';

const $ = (selector) => document.querySelector(selector);

async function start() {
  let ml;
  try {
    ml = await init();
  } catch (error) {
    $('#status').textContent = `The WebAssembly module could not be loaded: ${error.message}`;
    $('#status').classList.add('error');
    return;
  }
  let state = fromQuery(location.search);
  let scheduled = false;
  let resized = true;
  const live = $('#live');
  let liveTimer = null;
  let lastSpoken = '';

  const ctx = {
    ml,
    state: () => state,
    update(patch, { history = true } = {}) {
      state = sanitize({ ...state, ...patch });
      void history;
      schedule();
    },
    openExplorer(explorerState) {
      ctx.update(explorerState);
      renderNow();
      $('#explorer').scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      $('#explorer-h').focus({ preventScroll: true });
    },
  };

  const explorer = createExplorer($('#explorer-body'), ctx);
  const lab = createLab($('#lab-body'), ctx);
  const trainer = createTrainer($('#train-body'), ctx);
  const guide = createGuide($('#guide-body'), ctx);
  createSymptoms($('#symptoms-body'), ctx);

  function announce(out) {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => {
      const def = LOSSES[state.loss];
      const g = Array.from(out.grad, (v) => v.toFixed(3)).join(', ');
      const loss = typeof out.loss === 'number' ? out.loss.toFixed(4) : Array.from(out.loss, (v) => v.toFixed(4)).join(', ');
      const text = `${def.name}, reduction ${state.red}: loss ${loss}. Gradient ${g}.${out.problems.length ? ` Warning: ${out.problems[0].title}.` : ''}`;
      if (text !== lastSpoken) live.textContent = text;
      lastSpoken = text;
    }, 500);
  }

  function renderNow() {
    scheduled = false;
    if (resized) {
      explorer.measure();
      lab.measure();
      trainer.measure();
      resized = false;
    }
    const out = explorer.render(state);
    lab.render(state);
    trainer.render(state);
    guide.render(state);
    const query = toQuery(state);
    const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
    document.title = `${LOSSES[state.loss].name} = ${scalarLoss(out.loss, state.sel).toFixed(4)} · marginloss`;
    announce(out);
    document.body.dataset.ready = 'true';
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(renderNow);
  }

  $('#status').textContent = `WebAssembly ${ml.simd ? 'SIMD' : 'baseline'} build loaded: every number below is computed by it.`;
  renderNow();
  let lastWidth = window.innerWidth;
  new ResizeObserver(() => {
    if (Math.abs(window.innerWidth - lastWidth) < 8) return;
    lastWidth = window.innerWidth;
    resized = true;
    schedule();
  }).observe(document.body);
  window.addEventListener('popstate', () => { state = fromQuery(location.search); schedule(); });
  void h;
}

start();
