// Browser tests of the teaching page: the built site, served on localhost, in Debian's headless Chromium.
// Expected numbers come from the package called here in Node with the state read off the page (an
// independent check of the page's wiring), or from closed forms (ln 2).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { init } from '../../js/index.js';
import { SHOTS, openPage, startSite } from './harness.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
let site;
let ml;

before(async () => {
  [site, ml] = await Promise.all([startSite(), init()]);
});
after(async () => {
  await site?.close();
});

const dataValue = async (page, selector) => JSON.parse(await page.locator(selector).getAttribute('data-value'));
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** The explorer's scores and labels as the page shows them in its controls. */
async function explorerInputs(page) {
  return page.evaluate(() => {
    const values = (prefix) => [...document.querySelectorAll(`input[type=range][id^="${prefix}"]`)]
      .filter((el) => /^ex-x-\d+$/.test(el.id) || /^ex-x2-\d+$/.test(el.id))
      .filter((el) => el.id.startsWith(prefix) && el.id.split('-').length === 3)
      .map((el) => Number(el.value));
    return {
      loss: document.querySelector('#ex-loss').value,
      reduction: document.querySelector('#ex-red').value,
      x: values('ex-x-'),
      y: [...document.querySelectorAll('select[id^="ex-y-"]')].map((el) => Number(el.value)),
    };
  });
}

test('the page loads with no console errors, at desktop and phone widths (screenshots saved)', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { page, errors, context } = await openPage(site, '', viewport);
    assert.match(await page.locator('#status').textContent(), /WebAssembly (SIMD|baseline) build loaded/);
    // The untouched default state tells the story: SoftMarginLoss fed {0, 1} labels, with the warning.
    assert.equal(await page.locator('#ex-loss').inputValue(), 'softMargin');
    assert.match(await page.locator('.diagnosis').textContent(), /labels are 0, but SoftMarginLoss expects −1 \/ \+1/);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(scroll <= 1, `no horizontal scrolling at ${name} width (overflow ${scroll}px)`);
    await page.screenshot({ path: `${SHOTS}page-${name}.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}page-${name}-top.png` });
    assert.deepEqual(errors, [], `console errors at ${name} width`);
    await context.close();
  }
});

test('dragging a score changes the displayed loss to the value the package computes', async () => {
  const { page, errors, context } = await openPage(site, '', DESKTOP);
  const before0 = await dataValue(page, '#ex-loss-value');
  const dot = page.locator('#ex-numberline g.ml-score-dots circle').first();
  await dot.scrollIntoViewIfNeeded();
  const box = await dot.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(cx - 22 * k, cy);
  await page.mouse.up();
  await page.waitForFunction(() => /[?&]x=/.test(location.search));
  await page.waitForFunction((v) => JSON.parse(document.querySelector('#ex-loss-value').dataset.value) !== v, before0);

  const state = await explorerInputs(page);
  assert.ok(state.x[0] < 1.5 - 1, `x₀ moved left by the drag (now ${state.x[0]})`);
  assert.deepEqual(state.y, [1, 0, 1, 0]);
  const expected = ml.softMarginLoss(Float64Array.from(state.x), Float64Array.from(state.y), { reduction: state.reduction });
  const shown = await dataValue(page, '#ex-loss-value');
  assert.ok(close(shown, expected.loss), `page shows ${shown}, the package computes ${expected.loss}`);
  const shownGrad = await dataValue(page, '#ex-grad-value');
  shownGrad.forEach((g, i) => assert.ok(close(g, expected.grad[i]), `gradient ${i}`));
  // The URL carries the dragged score.
  const urlX = new URL(page.url()).searchParams.get('x').split(',').map(Number);
  assert.deepEqual(urlX, state.x);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the convention lab shows ln 2 and a zero gradient for SoftMarginLoss with y = 0', async () => {
  const { page, errors, context } = await openPage(site, '', DESKTOP);
  for (const lx of [null, 3.4]) {
    if (lx !== null) {
      await page.locator('#lab-x').focus();
      await page.keyboard.press('End'); // the slider's maximum, 6
      await page.waitForFunction(() => document.querySelector('#lab-x-out').textContent === '6.0');
    }
    const loss = await dataValue(page, '#lab-soft-wrong-loss');
    const grad = await dataValue(page, '#lab-soft-wrong-grad');
    assert.ok(Math.abs(loss - Math.LN2) < 1e-12, `loss ${loss} is ln 2`);
    assert.equal(grad, 0);
    assert.equal(await page.locator('#lab-soft-wrong-loss').textContent(), '0.6931');
    assert.equal(await page.locator('#lab-soft-wrong-grad').textContent(), '0 (exactly)');
  }
  assert.match(await page.locator('#lab-soft').textContent(), /flat ln 2 = 0\.6931 with gradient exactly 0/);
  // The BCE card's mistake goes negative at a negative score.
  await page.locator('#lab-x').press('Home');
  await page.waitForFunction(() => document.querySelector('#lab-x-out').textContent === '−6.0');
  assert.ok((await dataValue(page, '#lab-bce-wrong-loss')) < -5);
  await page.locator('#lab').screenshot({ path: `${SHOTS}lab-desktop.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('side-by-side training plays past 200 steps until paused, and the mismatched run ends worse', async () => {
  const { page, errors, context } = await openPage(site, '', DESKTOP);
  await page.locator('#train-play').click();
  await page.waitForFunction(() => Number(document.querySelector('#train-step').dataset.step) >= 210, null, { timeout: 60_000 });
  await page.locator('#train-play').click(); // pause
  await page.waitForFunction(() => document.querySelector('#train-play').textContent === 'Play');
  const paused = await page.locator('#train-step').getAttribute('data-step');
  await page.waitForTimeout(200);
  assert.equal(await page.locator('#train-step').getAttribute('data-step'), paused, 'paused means paused');
  const read = (which) => page.evaluate((w) => {
    const strong = document.querySelectorAll(`#train-readout-${w} strong`);
    return { loss: Number(strong[0].dataset.value), acc: Number(strong[1].dataset.value) };
  }, which);
  const right = await read('right');
  const wrong = await read('wrong');
  assert.equal(right.acc, 1, 'the correct convention separates the toy data');
  assert.ok(wrong.acc < right.acc, `mismatched accuracy ${wrong.acc} < correct ${right.acc}`);
  assert.ok(wrong.loss > right.loss, `mismatched loss ${wrong.loss} > correct ${right.loss}`);
  // Reset brings both back to step 0, synchronised.
  await page.locator('#train-reset').click();
  await page.waitForFunction(() => document.querySelector('#train-step').dataset.step === '0');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a URL with state restores that state', async () => {
  const query = '?loss=multiMargin&x=0.5,1,2,-1&t=1&margin=2&p=2&red=sum&lx=1&tl=bceWithLogits&lr=0.25&gl=index-list&go=multi-label';
  const { page, errors, context } = await openPage(site, query, DESKTOP);
  assert.equal(await page.locator('#ex-loss').inputValue(), 'multiMargin');
  assert.equal(await page.locator('#ex-t').inputValue(), '1');
  assert.equal(await page.locator('#ex-margin').inputValue(), '2');
  assert.equal(await page.locator('#ex-p').inputValue(), '2');
  assert.equal(await page.locator('#ex-red').inputValue(), 'sum');
  assert.equal(await page.locator('#ex-x-2').inputValue(), '2');
  assert.equal(await page.locator('#lab-x').inputValue(), '1');
  assert.equal(await page.locator('#train-loss').inputValue(), 'bceWithLogits');
  assert.equal(await page.locator('#train-lr').inputValue(), '0.25');
  assert.equal(await page.locator('#guide-choice').textContent(), 'MultiLabelMarginLoss');
  const expected = ml.multiMarginLoss(Float64Array.of(0.5, 1, 2, -1), [1], { shape: [1, 4], margin: 2, p: 2, reduction: 'sum' });
  assert.ok(close(await dataValue(page, '#ex-loss-value'), expected.loss));
  assert.match(await page.locator('#snippet-py').textContent(), /MultiMarginLoss\(reduction='sum', margin=2\.0, p=2\)/);
  // The page writes the same state back into its URL.
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('loss'), 'multiMargin');
  assert.equal(params.get('x'), '0.5,1,2,-1');
  // A symptom card is a link to a state: "my loss is negative".
  await page.locator('#symptom-negative').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'bceWithLogits');
  const negative = await dataValue(page, '#ex-loss-value');
  assert.ok(negative < 0, `the symptom state has a negative loss (${negative})`);
  const bce = ml.bceWithLogitsLoss(Float64Array.of(2, -1, -2.5, 0.5), Float64Array.of(1, -1, -1, 1));
  assert.ok(close(negative, bce.loss));
  // And reloading that URL restores it.
  const again = await openPage(site, new URL(page.url()).search, DESKTOP);
  assert.ok(close(await dataValue(again.page, '#ex-loss-value'), bce.loss));
  await again.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard-only use reaches every control, with a visible focus indicator', async () => {
  const { page, errors, context } = await openPage(site, '', DESKTOP);
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input, select, summary, [tabindex="0"]')];
    // Tab reaches one radio of a group (arrows move within it), and nothing inside a closed <details>.
    const seenGroups = new Set();
    return all.filter((el) => el.getClientRects().length > 0 && !el.disabled)
      .filter((el) => !el.closest('details:not([open]) > :not(summary)'))
      .filter((el) => {
        if (el.type !== 'radio') return true;
        if (seenGroups.has(el.name)) return false;
        seenGroups.add(el.name);
        return true;
      })
      .map((el) => (el.type === 'radio' ? `radio:${el.name}` : el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 40)}`));
  });
  const reached = new Set();
  const noOutline = [];
  for (let k = 0; k < controls.length + 20; k++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { key: el.type === 'radio' ? `radio:${el.name}` : el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim().slice(0, 40)}`,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    if (!focused) continue;
    reached.add(focused.key);
    if (!focused.outline) noOutline.push(focused.key);
  }
  const missed = controls.filter((c) => !reached.has(c));
  assert.deepEqual(missed, [], 'every control is reachable with Tab');
  assert.deepEqual(noOutline, [], 'every focused control shows a focus outline');

  // Change a score from the keyboard: the loss follows, and the live region speaks.
  const before0 = await dataValue(page, '#ex-loss-value');
  await page.locator('#ex-x-0').focus();
  await page.keyboard.press('PageDown');
  await page.waitForFunction((v) => JSON.parse(document.querySelector('#ex-loss-value').dataset.value) !== v, before0);
  await page.waitForFunction(() => /SoftMarginLoss, reduction mean: loss/.test(document.querySelector('#live').textContent));
  // Move a training point from the keyboard.
  await page.locator('#train-chart-right').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /[?&]pts=/.test(location.search));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page says which build runs, switches with ?simd=0, and both builds show the same numbers', async () => {
  const simd = await openPage(site, '?loss=crossEntropy', DESKTOP);
  const base = await openPage(site, '?loss=crossEntropy&simd=0', DESKTOP);
  assert.equal(await base.page.locator('#build-name').getAttribute('data-simd'), 'false');
  assert.match(await base.page.locator('#build-name').textContent(), /baseline build loaded/);
  const us = Number(await base.page.locator('#build-timing').getAttribute('data-us'));
  assert.ok(us > 0 && us < 1000, `one call took ${us} µs`);
  assert.match(await base.page.locator('#build-timing').textContent(), new RegExp(`takes ${us.toFixed(2)} µs`));
  // The same state on the two builds: the loss agrees to float64 rounding (the kernels are one source).
  assert.ok(close(await dataValue(base.page, '#ex-loss-value'), await dataValue(simd.page, '#ex-loss-value'), 1e-12));
  // The link goes to the other build, keeping the rest of the state.
  const href = await base.page.locator('#build-switch').getAttribute('href');
  assert.equal(new URLSearchParams(href.slice(1)).get('loss'), 'crossEntropy');
  assert.equal(new URLSearchParams(href.slice(1)).get('simd'), null);
  await base.page.locator('#build-switch').click();
  await base.page.waitForSelector('body[data-ready="true"]');
  await base.page.waitForFunction(() => document.querySelector('#build-name')?.dataset.simd === 'true');
  assert.deepEqual([...simd.errors, ...base.errors], []);
  await simd.context.close();
  await base.context.close();
});
