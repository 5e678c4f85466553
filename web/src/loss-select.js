// The explorer's loss picker, grouped as the decision guide groups the losses. Both explorer views (the
// scores and the embeddings) show one; only one view is in the page at a time, so the id is unique.
import { h } from './dom.js';
import { GROUPS, LOSSES } from './losses.js';
import { lossExample } from './state.js';

export function lossSelect(ctx) {
  return h('select', { id: 'ex-loss', onchange: (e) => ctx.update(lossExample(e.target.value)) },
    GROUPS.map((g) => h('optgroup', { label: g.title },
      g.losses.map((id) => h('option', { value: id }, LOSSES[id].name)))));
}
