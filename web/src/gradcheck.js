// Gradient check: the kernel's gradient next to a central finite difference of the kernel's own loss,
// (L(x + h) − L(x − h)) / 2h, both from the package in float64. 'none' is checked through 'sum' (the
// package's gradient for 'none' uses upstream ones, i.e. the gradient of the sum).
import { fmt, h } from './dom.js';
import { LOSSES, run } from './losses.js';

const H = 1e-5;

export function checkRows(ml, st, result) {
  const def = LOSSES[st.loss];
  const reduction = st.red === 'none' ? 'sum' : st.red;
  const total = (r) => (typeof r.loss === 'number' ? r.loss : r.loss.reduce((a, b) => a + b, 0));
  const rows = [];
  const variants = def.kind === 'ranking' ? [['x1', result.grad, false], ['x2', result.grad2, true]] : [['x', result.grad, false]];
  for (const [name, grad, x2] of variants) {
    const xs = x2 ? st.x2 : st.x;
    xs.forEach((v, i) => {
      const up = total(run(ml, st, { index: i, value: v + H, reduction, x2 }));
      const down = total(run(ml, st, { index: i, value: v - H, reduction, x2 }));
      const fd = (up - down) / (2 * H);
      const diff = Math.abs(fd - grad[i]);
      rows.push({ name: `${name}${'₀₁₂₃₄₅₆₇'[i]}`, kernel: grad[i], fd, diff });
    });
  }
  return rows;
}

export function gradientCheck(ml, st, result) {
  const rows = checkRows(ml, st, result);
  const worst = Math.max(...rows.map((r) => (Number.isNaN(r.diff) ? 0 : r.diff)));
  const undefinedAt = (r) => Number.isNaN(r.kernel) || Number.isNaN(r.fd);
  const status = (r) => (undefinedAt(r) ? 'NaN' : r.diff < 1e-6 ? 'agrees' : 'differs: a kink');
  const kinked = rows.some((r) => !undefinedAt(r) && !(r.diff < 1e-6));
  // On a phone the table is wider than the screen: it scrolls in a region the keyboard can reach.
  return h('div', {},
    h('div', { class: 'gradcheck-scroll', tabindex: 0, role: 'region', 'aria-label': 'Gradient check table (scrolls sideways)' }, h('table', { class: 'data', id: 'gradcheck-table' },
      h('caption', { class: 'sr-only' }, 'Kernel gradient against central finite difference'),
      h('thead', {}, h('tr', {}, ['score', 'kernel gradient', `finite difference (h = ${H})`, '|difference|', 'verdict'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: r.diff < 1e-6 ? 'ok' : 'off' },
        h('th', { scope: 'row' }, r.name), h('td', {}, fmt(r.kernel, 6)), h('td', {}, fmt(r.fd, 6)),
        h('td', {}, Number.isNaN(r.diff) ? 'NaN' : r.diff.toExponential(1)), h('td', {}, status(r))))))),
    kinked ? h('p', { class: 'hint' }, `Differs: that score is on a hinge’s corner (or within h = ${H} of it), where the slopes on its two sides differ; the kernel returns PyTorch’s choice of slope, the finite difference a mix of the two sides.`) : null,
    rows.some(undefinedAt) ? h('p', { class: 'hint' }, 'NaN: the loss itself is not a number here, so neither is its slope.') : null,
    h('p', { class: 'hint' }, `Largest difference: ${worst.toExponential(1)}${st.red === 'none' ? " (reduction 'none' is checked as 'sum', the gradient the kernel returns for unit upstream gradients)" : ''}.`));
}
