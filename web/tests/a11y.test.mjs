// Accessibility and layout of the whole page, as a screen-reader or phone user meets it: axe-core (the
// rules behind Lighthouse and most audits) finds no violation at desktop and phone width, in the default
// state and after interactions, and in the embedding explorers (whose controls Tab reaches in order); nothing overflows sideways at 390 px; Back undoes the last discrete
// change; no console errors or warnings.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { SHOTS, openPage, startSite } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
let site;

before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

/** axe's violations on the page as one readable line each (rule, impact, first nodes). */
async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  })).violations);
  return violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Console warnings and errors (the harness collects errors; Plot and Vite speak through warnings). */
function collectWarnings(page) {
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  return warnings;
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// Interactions that change what is on screen: another loss, a lab score, a symptom, a training step.
async function interact(page) {
  await page.locator('#ex-loss').selectOption('marginRanking');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'marginRanking');
  await page.locator('#ex-red').selectOption('none');
  await page.locator('#lab-x').fill('3');
  await page.locator('#train-step-btn').click();
  await page.locator('#symptom-negative').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'bceWithLogits');
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`axe finds no violation at ${name} width, before and after interactions; no sideways overflow`, async () => {
    const { page, errors, context } = await openPage(site, '', viewport);
    const warnings = collectWarnings(page);
    assert.deepEqual(await axeViolations(page), [], 'default state');
    assert.ok(await overflow(page) <= 1, `no horizontal overflow in the default state (${await overflow(page)} px)`);
    await interact(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await axeViolations(page), [], 'after interactions');
    assert.ok(await overflow(page) <= 1, `no horizontal overflow after interactions (${await overflow(page)} px)`);
    await page.screenshot({ path: `${SHOTS}page-after-interactions-${name}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    await context.close();
  });
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the embedding explorers: axe finds no violation at ${name} width; every control is reachable by Tab`, async () => {
    const { page, errors, context } = await openPage(site, '?loss=cosineEmbedding&cy=0', viewport);
    const warnings = collectWarnings(page);
    assert.deepEqual(await axeViolations(page), [], 'cosine, with the {0, 1} mistake and its warning');
    // Every slider, box and select of the view takes focus from the keyboard, in order.
    const ids = await page.locator('#explorer form.controls').evaluate((form) => [...form.querySelectorAll('input, select')].map((el) => el.id));
    await page.locator('#ex-loss').focus();
    const reached = [await page.evaluate(() => document.activeElement.id)];
    for (let k = 1; k < ids.length; k++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement.id));
    }
    assert.deepEqual(reached, ids);
    await page.locator('#ex-loss').selectOption('tripletMargin');
    await page.locator('#emb-sw').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sw') === '1');
    assert.deepEqual(await axeViolations(page), [], 'triplet, with swap');
    assert.ok(await overflow(page) <= 1, `no horizontal overflow (${await overflow(page)} px)`);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    await context.close();
  });
}

test('Back undoes the last discrete change, and a drag is one step', async () => {
  const { page, errors, context } = await openPage(site, '', DESKTOP);
  const search = () => page.evaluate(() => location.search);
  await page.locator('#ex-loss').selectOption('multiMargin');
  await page.waitForFunction(() => /loss=multiMargin/.test(location.search));
  const afterLoss = await search();
  await page.locator('#ex-red').selectOption('sum');
  await page.waitForFunction(() => /red=sum/.test(location.search));
  // A slider moved through many values: one history entry.
  const slider = page.locator('#ex-x-0');
  await slider.focus();
  const start = Number(await slider.inputValue());
  const step = Number(await slider.getAttribute('step'));
  for (let k = 0; k < 8; k++) await page.keyboard.press('ArrowRight');
  // All eight presses rendered (x₀ moved by 8 steps) before going back.
  const moved = Math.round((start + 8 * step) * 1000) / 1000;
  await page.waitForFunction((v) => new URL(location.href).searchParams.get('x')?.split(',')[0] === String(v), moved);
  const afterSlide = await search();
  assert.notEqual(afterSlide, afterLoss);

  await page.goBack();
  await page.waitForFunction(() => !/[?&]x=/.test(location.search) && /red=sum/.test(location.search));
  assert.equal(await page.locator('#ex-red').inputValue(), 'sum', 'Back undid the score change only');
  await page.goBack();
  await page.waitForFunction((s) => location.search === s, afterLoss);
  assert.equal(await page.locator('#ex-red').inputValue(), 'mean', 'Back undid the reduction');
  assert.equal(await page.locator('#ex-loss').inputValue(), 'multiMargin');
  await page.goBack();
  await page.waitForFunction(() => location.search === '');
  assert.equal(await page.locator('#ex-loss').inputValue(), 'softMargin', 'Back undid the loss change');
  assert.deepEqual(errors, []);
  await context.close();
});
