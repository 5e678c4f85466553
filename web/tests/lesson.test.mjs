// The guided lesson. Node: every step's input is swept over its whole range (and every switch), and each
// sentence's claims are checked against numbers the test gets from the package itself or from closed
// forms (ln 2, a softplus written out, a hinge written out); each step's explorer state is checked to give
// the numbers the step shows. Browser: the steps walked with Next and Back at desktop and phone widths,
// screenshots, no overflow, no console errors or warnings, and "Open in the explorer" landing on the
// same numbers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkLabels, init, recommendLoss } from '../../js/index.js';
import { elementCurveData } from '../src/element-curves.js';
import { fmt } from '../src/dom.js';
import { STEP_COUNT } from '../src/lesson-state.js';
import { LABEL_FORMATS, MARGIN_CLASSES, MISTAKES, STEPS } from '../src/lesson-steps.js';
import { snapScore } from '../src/state.js';
import { LOSSES, packageOptions, packageTarget, run, scalarLoss } from '../src/losses.js';
import { fromQuery, sanitize, toQuery } from '../src/state.js';
import { SHOTS, openPage, startSite } from './harness.mjs';

let ml;
before(async () => { ml = await init(); });

const f64 = (...v) => Float64Array.from(v);
const step = (id) => STEPS.find((s) => s.id === id);
const SCORES = Array.from({ length: 201 }, (_, k) => snapScore(-5 + k * 0.05));
const closeRel = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const has = (text, phrase) => text.includes(phrase);
const textOf = (s, inp) => s.sentences(s.compute(ml, inp)).join(' ');
const sm = (x, y) => { const r = ml.softMarginLoss(f64(x), f64(y), { reduction: 'sum' }); return { loss: r.loss, grad: r.grad[0] }; };
const bce = (x, t) => { const r = ml.bceWithLogitsLoss(f64(x), f64(t), { reduction: 'sum' }); return { loss: r.loss, grad: r.grad[0] }; };

describe('the lesson in Node: every claim, over every input', () => {
  test('seven steps, each with a title, sentences and an explorer state', () => {
    assert.equal(STEPS.length, STEP_COUNT);
    assert.equal(new Set(STEPS.map((s) => s.id)).size, STEPS.length);
  });

  test('step 1: the side of the score and the loss against ln 2', () => {
    const s = step('score');
    for (const y of [1, -1]) {
      for (const x of SCORES) {
        const text = textOf(s, { x, y });
        const p = sm(x, y);
        assert.ok(has(text, fmt(p.loss)), `x=${x} y=${y}: shows the package's loss`);
        if (has(text, 'on the label’s side')) assert.ok(y * x > 0 && p.loss < Math.LN2, `x=${x} y=${y}: ${text}`);
        else if (has(text, 'on the wrong side')) assert.ok(y * x < 0 && p.loss > Math.LN2, `x=${x} y=${y}: ${text}`);
        else assert.ok(x === 0 && closeRel(p.loss, Math.LN2) && has(text, 'charges ln 2'), `x=${x} y=${y}: ${text}`);
        assert.ok(has(text, `says “${y > 0 ? 'yes' : 'no'}”`) && has(text, `far ${y > 0 ? 'above' : 'below'} 0`));
      }
    }
  });

  test('step 2: above / below ln 2 and never 0, as the package computes', () => {
    const s = step('curve');
    for (const y of [1, -1]) {
      for (const x of SCORES) {
        const text = textOf(s, { x, y });
        const p = sm(x, y);
        assert.ok(closeRel(p.loss, softplus(-y * x)), 'the curve named is log(1 + e^(−y·x))');
        assert.ok(has(text, `ℓ(${fmt(x, 2)}) = ${fmt(p.loss)}`));
        if (has(text, 'the loss is above ln 2')) assert.ok(p.loss > Math.LN2, `x=${x} y=${y}`);
        else if (has(text, 'the loss is below ln 2')) assert.ok(p.loss < Math.LN2 && p.loss > 0, `x=${x} y=${y}`);
        else assert.ok(has(text, 'the loss is ln 2') && closeRel(p.loss, Math.LN2), `x=${x} y=${y}: ${text}`);
      }
    }
  });

  test('step 3: the slope’s sign, the direction of a descent step, and |slope| < 1', () => {
    const s = step('slope');
    for (const y of [1, -1]) {
      for (const x of SCORES) {
        const text = textOf(s, { x, y });
        const { loss, grad } = sm(x, y);
        assert.ok(has(text, `the loss is ${fmt(loss)} and its slope ∂ℓ/∂x is ${fmt(grad)}`));
        if (has(text, 'The slope is negative')) assert.ok(grad < 0 && has(text, 'raises x'));
        else if (has(text, 'The slope is positive')) assert.ok(grad > 0 && has(text, 'lowers x'));
        else assert.ok(grad === 0 && has(text, 'exactly 0'));
        if (has(text, 'toward the label’s side')) assert.ok(-grad * y > 0);
        if (has(text, 'away from the label’s side')) assert.ok(-grad * y < 0);
        if (has(text, 'never 0 and never steeper than 1')) assert.ok(grad !== 0 && Math.abs(grad) < 1);
      }
    }
  });

  test('step 4, SoftMarginLoss fed y = 0: ln 2 and exactly 0 at every score', () => {
    const s = step('convention');
    for (const x of SCORES) {
      const text = textOf(s, { x, sub: 'soft' });
      const wrong = sm(x, 0);
      const right = sm(x, -1);
      assert.ok(has(text, 'ln 2 = 0.6931') && has(text, 'exactly 0'), `x=${x}: ${text}`);
      assert.ok(closeRel(wrong.loss, Math.LN2), `x=${x}: the loss is ln 2`);
      assert.ok(wrong.grad === 0, `x=${x}: the slope is exactly 0 (${wrong.grad})`);
      assert.ok(has(text, `cost ${fmt(right.loss)} with slope ${fmt(right.grad)}`));
      if (has(text, 'as a negative example needs')) assert.ok(right.grad > 0 && has(text, 'lowers x'));
    }
  });

  test('step 4, BCEWithLogitsLoss fed y = −1: negative only when < 0, slope above 1, the closed form', () => {
    const s = step('convention');
    for (const x of SCORES) {
      const text = textOf(s, { x, sub: 'bce' });
      const wrong = bce(x, -1);
      const right = bce(x, 0);
      assert.ok(closeRel(wrong.loss, x + softplus(x)), `x=${x}: the term is x + log(1 + e^x)`);
      assert.ok(has(text, `the loss is ${fmt(wrong.loss)}`));
      if (has(text, ': negative,')) assert.ok(wrong.loss < 0, `x=${x}`);
      else if (has(text, 'still positive')) assert.ok(wrong.loss > 0 && wrong.grad > 0, `x=${x}: falls as x decreases`);
      else assert.ok(wrong.loss === 0 && has(text, 'exactly 0'), `x=${x}: ${text}`);
      if (has(text, 'above 1 at every score')) assert.ok(wrong.grad > 1 && wrong.grad < 2, `x=${x}`);
      if (has(text, 'fades toward 0 as x falls')) assert.ok(right.grad > 0 && right.grad < 1);
      assert.ok(has(text, `${fmt(right.loss)} with slope ${fmt(right.grad)}`));
    }
  });

  test('step 4, MultiLabelMarginLoss fed a multi-hot row: which way class 0 is pushed', () => {
    const s = step('convention');
    const call = (x, target) => { const r = ml.multilabelMarginLoss(f64(x, 0.2, 0.4, 0.8), target, { shape: [1, 4] }); return { loss: r.loss, grad: r.grad[0] }; };
    const word = (g) => (g < 0 ? 'raises' : g > 0 ? 'lowers' : 'leaves');
    let wrongWay = 0;
    for (const x of SCORES) {
      const text = textOf(s, { x, sub: 'mlm' });
      const wrong = call(x, [0, 1, 0, 1]);
      const right = call(x, [1, 3, -1, -1]);
      assert.ok(has(text, `With the row the loss is ${fmt(wrong.loss)}`) && has(text, `With the list: loss ${fmt(right.loss)}`));
      assert.ok(has(text, `gradient descent ${word(wrong.grad)} its score`), `x=${x}: ${text}`);
      assert.ok(has(text, `descent ${word(right.grad)} it${right.grad === 0 ? ' where it is' : ''}.`), `x=${x}: ${text}`);
      if (has(text, 'slope exactly 0')) assert.ok(wrong.grad === 0 || right.grad === 0);
      if (has(text, 'pushes it up: the wrong way')) { assert.ok(wrong.grad < 0); wrongWay += 1; }
      if (has(text, 'leaves class 0 alone')) assert.ok(wrong.grad === 0 && right.grad > 0);
      if (has(text, 'neither target moves')) assert.ok(wrong.grad === 0 && right.grad === 0);
    }
    assert.ok(wrongWay > 0, 'the mistake shows somewhere in the range');
  });

  test('step 5: SoftMarginLoss(x, 2t − 1) equals BCEWithLogitsLoss(x, t), both computed by the package', () => {
    const s = step('same');
    for (const t of [0, 1]) {
      for (const x of SCORES) {
        const text = textOf(s, { x, t });
        const a = sm(x, 2 * t - 1);
        const b = bce(x, t);
        assert.ok(has(text, 'the same number'), `x=${x} t=${t}: ${text}`);
        assert.ok(closeRel(a.loss, b.loss) && closeRel(a.grad, b.grad), `x=${x} t=${t}`);
        if (has(text, 'bit for bit')) assert.equal(a.loss, b.loss);
        assert.ok(closeRel(a.loss, softplus(-(2 * t - 1) * x)), 'both are −log σ(y·x)');
      }
      // The figure's two curves lie on top of each other.
      const [soft, bceState] = s.explorers({ x: 0.8, t }, null).map((e) => e.state);
      const c1 = elementCurveData(ml, soft, 0, { labels: [soft.y[0]] }).curves[0].points;
      const c2 = elementCurveData(ml, bceState, 0, { labels: [bceState.y[0]] }).curves[0].points;
      assert.equal(c1.length, c2.length);
      c1.forEach((p, k) => assert.ok(p.x === c2[k].x && closeRel(p.loss, c2[k].loss), `curves equal at ${p.x}`));
    }
  });

  test('step 6: which classes pay, what they pay and their slopes, against the hinge written out', () => {
    const s = step('margin');
    const { t } = MARGIN_CLASSES;
    let sawNone = false;
    for (const x of SCORES) {
      const scores = [...MARGIN_CLASSES.x];
      scores.splice(t, 0, x);
      const r = ml.multiMarginLoss(Float64Array.from(scores), [t], { shape: [1, 4] });
      const hinge = scores.map((v, i) => (i === t ? 0 : Math.max(0, 1 - x + v) / 4));
      assert.ok(closeRel(r.loss, hinge.reduce((a, b) => a + b, 0)), `x=${x}: the package's loss is the hinge sum`);
      const text = textOf(s, { x });
      const payers = scores.map((_, i) => i).filter((i) => i !== t && hinge[i] > 0);
      const free = scores.map((_, i) => i).filter((i) => i !== t && hinge[i] === 0);
      const listed = (ids) => (ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`);
      if (payers.length) {
        assert.ok(has(text, `Class${payers.length > 1 ? 'es' : ''} ${listed(payers)} ${payers.length > 1 ? 'are' : 'is'} inside the band`), `x=${x}: ${text}`);
        assert.ok(has(text, listed(payers.map((i) => fmt(hinge[i])))), `x=${x}: the amounts`);
        payers.forEach((i) => assert.ok(r.grad[i] > 0));
        assert.ok(has(text, `raises class ${t} (slope ${fmt(r.grad[t])})`) && r.grad[t] < 0);
        if (free.length) {
          assert.ok(has(text, `Class${free.length > 1 ? 'es' : ''} ${listed(free)} ${free.length > 1 ? 'are' : 'is'} below the band`), `x=${x}: ${text}`);
          free.forEach((i) => assert.ok(r.grad[i] === 0));
        } else {
          assert.ok(!has(text, 'below the band'));
        }
      } else {
        sawNone = true;
        assert.ok(has(text, 'the loss is exactly 0 and every slope is exactly 0'), `x=${x}: ${text}`);
        assert.equal(r.loss, 0);
        r.grad.forEach((g) => assert.ok(g === 0));
      }
    }
    assert.ok(sawNone, 'the satisfied hinge is reachable');
  });

  test('step 7: the answer is the package’s recommendLoss, for every combination of answers', () => {
    const s = step('choose');
    for (const perSample of Object.keys(LABEL_FORMATS)) {
      for (const [labels] of LABEL_FORMATS[perSample]) {
        for (const style of ['probabilistic', 'margin']) {
          const text = textOf(s, { perSample, labels, style });
          let rec = null;
          try { rec = recommendLoss({ perSample, labels, style }); } catch (error) {
            assert.ok(has(text, error.message.replace(/^recommendLoss: /, '')), `${perSample}/${labels}/${style}: ${text}`);
            continue;
          }
          const id = Object.keys(LOSSES).find((k) => LOSSES[k].fn === rec.loss);
          assert.ok(text.startsWith(`Use ${LOSSES[id].name}: ${rec.why}.`), `${perSample}/${labels}/${style}: ${text}`);
          assert.ok(has(text, rec.target));
          assert.ok(rec.convert ? has(text, rec.convert) : has(text, 'go in as they are'));
          const [open] = s.explorers({ perSample, labels, style }, s.compute(ml, { perSample, labels, style }));
          assert.equal(open.state.loss, id);
          // The example opened is in the loss's own convention: the package's checkLabels finds it fits.
          const def = LOSSES[id];
          assert.equal(checkLabels(rec.loss, packageTarget(def, open.state), packageOptions(def, open.state)).fits, true,
            `${id}'s example fits its convention`);
        }
      }
    }
  });

  test('each step’s explorer state gives, in the explorer, the numbers the step shows (and survives the URL)', () => {
    const inputsOf = (s) => {
      if (s.id === 'choose') return [s.initial];
      const xs = [-5, -2.35, -1.2, 0, 0.05, 0.8, 1.2, 3.3, 5];
      const subs = s.id === 'convention' ? Object.keys(MISTAKES).map((sub) => ({ sub }))
        : s.id === 'same' ? [{ t: 0 }, { t: 1 }] : s.id === 'margin' ? [{}] : [{ y: 1 }, { y: -1 }];
      return subs.flatMap((sub) => xs.map((x) => ({ ...s.initial, ...sub, x })));
    };
    for (const s of STEPS) {
      for (const inp of inputsOf(s)) {
        const m = s.compute(ml, inp);
        const shown = s.shown(m);
        for (const { state } of s.explorers(inp, m)) {
          const st = fromQuery(toQuery(sanitize(structuredClone({ ...fromQuery(''), ...state }))));
          if (s.id === 'choose') { assert.equal(st.loss, shown.loss); continue; }
          const out = run(ml, st);
          assert.ok(closeRel(scalarLoss(out.loss, shown.index), shown.loss, 1e-12), `${s.id} ${JSON.stringify(inp)}: loss`);
          assert.ok(closeRel(out.grad[shown.index], shown.grad, 1e-12), `${s.id} ${JSON.stringify(inp)}: slope`);
          shown.grads?.forEach((g, i) => assert.ok(closeRel(out.grad[i], g, 1e-12)));
        }
      }
    }
  });
});

describe('the lesson in the browser', () => {
  const DESKTOP = { width: 1280, height: 800 };
  const PHONE = { width: 390, height: 844 };
  let site;
  before(async () => { site = await startSite(); });
  after(async () => { await site?.close(); });

  async function open(viewport, query = '') {
    const opened = await openPage(site, query, viewport);
    opened.warnings = [];
    opened.page.on('console', (m) => { if (m.type() === 'warning') opened.warnings.push(m.text()); });
    return opened;
  }
  const heading = (page) => page.locator('#lesson-step-h').textContent();
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** Opens the explorer from the current step and checks it shows the step's numbers. */
  async function checkExplorer(page, label) {
    const shown = JSON.parse(await page.locator('#lesson-step').getAttribute('data-shown'));
    await page.locator('.lesson-open-btn').first().click();
    // openExplorer renders the explorer at once, then moves focus to its heading.
    await page.waitForFunction(() => document.activeElement?.id === 'explorer-h');
    if (typeof shown.loss === 'string') {
      assert.equal(await page.locator('#ex-loss').inputValue(), shown.loss, `${label}: the recommended loss opens`);
    } else {
      const loss = JSON.parse(await page.locator('#ex-loss-value').getAttribute('data-value'));
      const grad = JSON.parse(await page.locator('#ex-grad-value').getAttribute('data-value'));
      const value = typeof loss === 'number' ? loss : loss[shown.index];
      assert.ok(closeRel(value, shown.loss, 1e-12), `${label}: explorer loss ${value}, lesson ${shown.loss}`);
      assert.ok(closeRel(grad[shown.index], shown.grad, 1e-12), `${label}: explorer slope ${grad[shown.index]}, lesson ${shown.grad}`);
    }
  }

  for (const [name, viewport] of [['1280', DESKTOP], ['390', PHONE]]) {
    test(`walk every step with Next at ${name} px: screenshots, no overflow, explorer numbers, no console noise`, async () => {
      const { page, errors, warnings, context } = await open(viewport);
      assert.equal(await heading(page), STEPS[0].title);
      for (let i = 0; i < STEPS.length; i++) {
        assert.equal(await heading(page), STEPS[i].title, `step ${i + 1}`);
        assert.equal(await page.locator('.lesson-nav-btn[aria-current="step"]').count(), 1);
        assert.equal(await page.locator('.lesson-nav-btn').nth(i).getAttribute('aria-current'), 'step');
        // Step 4 also shows its other two cases.
        const subs = STEPS[i].id === 'convention' ? Object.keys(MISTAKES) : [null];
        for (const sub of subs) {
          if (sub) await page.locator(`#lesson-sub-${sub}`).check();
          await page.locator('#lesson').scrollIntoViewIfNeeded();
          const o = await overflow(page);
          assert.ok(o <= 1, `step ${i + 1}${sub ? ` (${sub})` : ''}: no horizontal overflow at ${name} px (${o}px)`);
          await page.locator('#lesson').screenshot({ path: `${SHOTS}lesson-step${i + 1}${sub && sub !== 'soft' ? `-${sub}` : ''}-${name}.png` });
          const small = await page.evaluate(() => [...document.querySelectorAll('#lesson svg text, #lesson [class*="-swatch"]')]
            .map((el) => parseFloat(getComputedStyle(el).fontSize)).filter((v) => v < 14));
          assert.deepEqual(small, [], 'chart text is at least 14 px');
          if (sub) await checkExplorer(page, `step ${i + 1} ${sub}`);
        }
        if (subs[0] === null) await checkExplorer(page, `step ${i + 1}`);
        if (i < STEPS.length - 1) {
          await page.locator('#lesson-next').click();
          await page.waitForFunction((t) => document.querySelector('#lesson-step-h').textContent === t, STEPS[i + 1].title);
        }
      }
      assert.equal(await page.locator('#lesson-next').isHidden(), true, 'no Next on the last step');
      assert.deepEqual(errors, []);
      assert.deepEqual(warnings, []);
      await context.close();
    });
  }

  test('Back returns to the previous step; ?step=N opens step N', async () => {
    const { page, errors, warnings, context } = await open(DESKTOP);
    await page.locator('#lesson-next').click();
    await page.waitForFunction(() => /[?&]step=2/.test(location.search));
    await page.locator('#lesson-next').click();
    await page.waitForFunction(() => /[?&]step=3/.test(location.search));
    assert.equal(await heading(page), STEPS[2].title);
    await page.goBack();
    await page.waitForFunction((t) => document.querySelector('#lesson-step-h').textContent === t, STEPS[1].title);
    await page.goBack();
    await page.waitForFunction((t) => document.querySelector('#lesson-step-h').textContent === t, STEPS[0].title);
    await page.locator('.lesson-nav-btn').nth(5).click();
    await page.waitForFunction(() => /[?&]step=6/.test(location.search));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-step-h', 'the step list moves focus to the step');
    await context.close();
    const direct = await open(DESKTOP, '?step=4');
    assert.equal(await heading(direct.page), STEPS[3].title);
    assert.deepEqual([...errors, ...direct.errors, ...warnings, ...direct.warnings], []);
    await direct.context.close();
  });

  test('the score moves by keyboard and by dragging the figure, and the sentences follow', async () => {
    const { page, errors, warnings, context } = await open(DESKTOP, '?step=3');
    const text = () => page.locator('#lesson-text').textContent();
    const slider = page.locator('#lesson-score');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#lesson-score').value === '-1.15');
    const p = sm(-1.15, 1);
    assert.ok((await text()).includes(`the loss is ${fmt(p.loss)} and its slope ∂ℓ/∂x is ${fmt(p.grad)}`));
    assert.match(await slider.getAttribute('aria-valuetext'), /x = −1\.15, loss/);
    // Drag along the upper chart to the right: the score follows the pointer.
    const box = await page.locator('#lesson .lesson-drag').first().boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.45, y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(box.x + box.width * (0.45 + 0.04 * k), y);
    await page.mouse.up();
    const x = Number(await slider.inputValue());
    assert.ok(x > 0.5, `the drag moved the score right (now ${x})`);
    const q = sm(x, 1);
    assert.ok((await text()).includes(`At x = ${fmt(x, 2)} with y = +1 the loss is ${fmt(q.loss)}`));
    assert.ok((await text()).includes('lowers x') === q.grad > 0);
    assert.deepEqual([...errors, ...warnings], []);
    await context.close();
  });
});
