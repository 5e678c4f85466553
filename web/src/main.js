// The teaching page: loads the package's WebAssembly module, keeps the state (mirrored in the URL and
// the browser's history) and renders each feature from it.
import { init } from 'marginloss';
import { createExplorer } from './explorer.js';
import { createGuide } from './guide.js';
import { createHistory } from './history.js';
import { createLab } from './lab.js';
import { createLesson } from './lesson.js';
import { LOSSES, scalarLoss } from './losses.js';
import { fromQuery, sanitize, toQuery } from './state.js';
import { createSymptoms } from './symptoms.js';
import { createTrainer } from './train.js';
import { createBuildSwitch } from './build-switch.js';
import './style.css';

const $ = (selector) => document.querySelector(selector);

async function start() {
  let state = fromQuery(location.search);
  let ml;
  try {
    ml = await init({ simd: state.simd ? undefined : false });
  } catch (error) {
    $('#status').textContent = `The WebAssembly module could not be loaded: ${error.message}`;
    $('#status').classList.add('error');
    return;
  }
  let scheduled = false;
  let continuous = false;
  let resized = true;
  const history = createHistory();
  const live = $('#live');
  let liveTimer = null;
  let lastSpoken = '';

  const ctx = {
    ml,
    state: () => state,
    /** Applies `patch`. history: true (default) for a discrete change Back can undo, false while a
     *  drag or slider moves; a gesture's end calls update({}) to close it. */
    update(patch, { history: discrete = true } = {}) {
      state = sanitize({ ...state, ...patch });
      // update({}) only closes a gesture; it must not turn the frame's continuous change into a new entry.
      if (!discrete || Object.keys(patch).length) continuous = !discrete;
      if (discrete) history.endGesture();
      schedule();
    },
    openExplorer(explorerState) {
      ctx.update(explorerState);
      renderNow();
      $('#explorer').scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      $('#explorer-h').focus({ preventScroll: true });
    },
  };

  const lesson = createLesson($('#lesson-body'), ctx);
  const explorer = createExplorer($('#explorer-body'), ctx);
  const lab = createLab($('#lab-body'), ctx);
  const trainer = createTrainer($('#train-body'), ctx);
  const guide = createGuide($('#guide-body'), ctx);
  createSymptoms($('#symptoms-body'), ctx);
  const buildSwitch = createBuildSwitch($('#status'), ctx);

  function announce(out) {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => {
      const def = LOSSES[state.loss];
      const g = Array.from(out.grad, (v) => v.toFixed(3)).join(', ');
      const loss = typeof out.loss === 'number' ? out.loss.toFixed(4) : Array.from(out.loss, (v) => v.toFixed(4)).join(', ');
      const said = out.spoken ?? `${def.name}, reduction ${state.red}: loss ${loss}. Gradient ${g}.`;
      const text = `${said}${out.problems.length ? ` Warning: ${out.problems[0].title}.` : ''}`;
      if (text !== lastSpoken) live.textContent = text;
      lastSpoken = text;
    }, 500);
  }

  function renderNow() {
    scheduled = false;
    if (resized) {
      for (const feature of [lesson, explorer, lab, trainer]) feature.measure();
      resized = false;
    }
    lesson.render(state);
    const out = explorer.render(state);
    lab.render(state);
    trainer.render(state);
    guide.render(state);
    buildSwitch.render(state);
    const query = toQuery(state);
    history.write(`${location.pathname}${query ? `?${query}` : ''}${location.hash}`, continuous);
    document.title = `${LOSSES[state.loss].name} = ${scalarLoss(out.loss, state.sel).toFixed(4)} · marginloss`;
    announce(out);
    document.body.dataset.ready = 'true';
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(renderNow);
  }

  renderNow();
  let lastWidth = window.innerWidth;
  new ResizeObserver(() => {
    if (Math.abs(window.innerWidth - lastWidth) < 8) return;
    lastWidth = window.innerWidth;
    resized = true;
    schedule();
  }).observe(document.body);
  window.addEventListener('popstate', () => {
    const next = fromQuery(location.search);
    // Another build is another module: reload so every number comes from the build the URL names.
    if (next.simd !== state.simd) { location.reload(); return; }
    state = next;
    continuous = false;
    history.landed();
    schedule();
  });
}

start();
