// The two code blocks (this package in JavaScript, PyTorch 1.13) with their copy buttons, as the explorer
// and the decision guide show them. Ids: `${prefix}snippet-js`, `${prefix}copy-js`, and -py likewise.
import { h } from './dom.js';

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    status.textContent = 'Copying is blocked here: select the code and copy it by hand.';
  }
}

/** `what` names the code in the blocks' labels ('this state', 'the chosen loss'). Returns
 *  { elements, show({ js, py }) }. */
export function codePanel(prefix, what) {
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const block = (lang, title, label) => {
    const code = h('code', { id: `${prefix}snippet-${lang}` });
    // A block that scrolls sideways must be reachable by keyboard: a focusable, labelled region.
    const pre = h('pre', { tabindex: 0, role: 'region', 'aria-label': `${label} code for ${what}` }, code);
    const element = h('div', { class: 'snippet' }, h('div', { class: 'snippet-head' }, h('span', {}, title),
      h('button', { type: 'button', id: `${prefix}copy-${lang}`, onclick: () => copy(code.textContent, status) }, `Copy as ${label}`)), pre);
    return { code, element };
  };
  const js = block('js', 'marginloss (JavaScript)', 'JavaScript');
  const py = block('py', 'PyTorch 1.13', 'PyTorch');
  return {
    elements: [js.element, py.element, status],
    show(code) {
      js.code.textContent = code.js;
      py.code.textContent = code.py;
    },
  };
}
