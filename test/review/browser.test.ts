import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { createReviewServer, listen, type ReviewApp } from '../../src/review/index.js';
import {
  ALICE,
  ARTICLE_AR,
  ARTICLE_ID,
  BOB,
  PASSAGE_AR,
  citation,
  entry,
  fixture,
  seed,
  type Fixture,
} from './helpers.js';
import { tmpDir } from '../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
/**
 * The README's picture of the page, rewritten only with UPDATE_SCREENSHOTS=1; otherwise the picture goes
 * to a temporary folder, so that a test run leaves the working tree as it was.
 */
const DOCS_SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/review-screenshot.png');
const UPDATE_SCREENSHOTS = ['1', 'true', 'yes'].includes(process.env.UPDATE_SCREENSHOTS ?? '');

/** Size and modification time of `file`, or null when there is none. */
function fileState(file: string): { size: number; mtimeMs: number } | null {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? { size: st.size, mtimeMs: st.mtimeMs } : null;
}

it(
  'a moderator logs in, filters to 👎, marks an answer incorrect and the change is kept',
  { timeout: 60_000 },
  async (t) => {
    if (!fs.existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} is missing (apt-get install -y chromium)`);
      return;
    }
    const fx = fixture();
    seed(fx.log);
    const app = createReviewServer({
      log: fx.log,
      config: fx.config,
      articleText: (id) => (id === ARTICLE_ID ? ARTICLE_AR : null),
    });
    const server = await listen(app, '127.0.0.1', 0);
    const profile = tmpDir('review-chromium-');
    const screenshot = UPDATE_SCREENSHOTS
      ? DOCS_SCREENSHOT
      : path.join(tmpDir('review-screenshot-'), 'review-screenshot.png');
    const docsBefore = fileState(DOCS_SCREENSHOT);
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(10_000);

      await page.goto(`${server.url}/`);
      assert.match(new URL(page.url()).pathname, /^\/login$/);
      await page.fill('input[name="name"]', ALICE.name);
      await page.fill('input[name="token"]', ALICE.token);
      await page.click('form[action="/login"] button[type="submit"]');
      await page.waitForURL(`${server.url}/`);

      await page.selectOption('select[name="feedback"]', 'down');
      await page.click('form.filters button[type="submit"]');
      await page.waitForURL(/feedback=down/);
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), 2);

      await page.click('a[href^="/answers/2"][dir="rtl"]');
      await page.waitForURL(/\/answers\/2\?feedback=down$/);
      assert.equal(await page.locator('.article mark').first().textContent(), PASSAGE_AR);

      await page.check('input[name="state"][value="incorrect"]');
      await page.fill('textarea[name="note"]', 'الإجابة تخلط بين القاعدتين — mixes up the two bases');
      await page.click('form[action^="/answers/2/review"] button[type="submit"]');
      await page.waitForURL(/saved=1/);
      assert.equal(await page.locator('[role="status"]').count(), 1);

      await page.reload();
      assert.equal(await page.locator('input[name="state"][value="incorrect"]').isChecked(), true);
      const trail = page.locator('table.audit tbody tr');
      assert.equal(await trail.count(), 1);
      const cells = await trail.first().locator('td').allTextContents();
      assert.equal(cells[1], 'alice');
      assert.match(cells[2] ?? '', /Unreviewed.*→.*Incorrect/s);
      assert.equal(cells[3], 'الإجابة تخلط بين القاعدتين — mixes up the two bases');
      assert.equal(fx.log.get(2)?.reviewState, 'incorrect');
      assert.equal(fx.log.get(2)?.reviewedBy, 'alice');

      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.ok(fs.statSync(screenshot).size > 10_000, 'a real picture of the page');
      if (!UPDATE_SCREENSHOTS) {
        assert.deepEqual(fileState(DOCS_SCREENSHOT), docsBefore, 'docs/ is written only when asked');
      }
    } finally {
      await browser.close();
      await server.close();
      app.close();
      fx.cleanup();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  },
);

describe('the review page in a browser, as a moderator uses it', { timeout: 60_000 }, () => {
  let fx: Fixture;
  let app: ReviewApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser | undefined;

  before(async () => {
    fx = fixture();
    seed(fx.log);
    app = createReviewServer({
      log: fx.log,
      config: fx.config,
      articleText: (id) => (id === ARTICLE_ID ? ARTICLE_AR : null),
    });
    server = await listen(app, '127.0.0.1', 0);
    if (fs.existsSync(CHROMIUM)) {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    }
  });
  after(async () => {
    await browser?.close();
    await server.close();
    app.close();
    fx.cleanup();
  });

  /** A logged-in page of a new browser context with `options` (a viewport, a phone). */
  async function loggedIn(t: TestContext, options: BrowserContextOptions = {}): Promise<Page | undefined> {
    if (!browser) {
      t.skip(`${CHROMIUM} is missing (apt-get install -y chromium)`);
      return undefined;
    }
    const context = await browser.newContext(options);
    t.after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="name"]', ALICE.name);
    await page.fill('input[name="token"]', ALICE.token);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${server.url}/`);
    return page;
  }

  it('going back to an answer shows the review saved since, not the form as it was left', async (t) => {
    const page = await loggedIn(t);
    if (!page) return;
    // #4 is bob's "incorrect" ("wrong base"). Alice starts another verdict, leaves it unsaved...
    await page.goto(`${server.url}/answers/4`);
    await page.check('input[name="state"][value="correct"]');
    await page.fill('textarea[name="note"]', 'typed, not saved');
    await page.goto(`${server.url}/`);
    // ... bob changes his verdict, and she goes back to the answer.
    fx.clock.now = new Date('2024-06-10T13:00:00.000Z');
    fx.log.setReview(4, BOB.name, 'article_missing', 'no article on this strike');
    await page.goBack();
    await page.waitForURL(`${server.url}/answers/4`);
    // The form must show bob's review, which it would now save over: not her earlier choice,
    // which the browser put back but which the page's `seen` no longer guards.
    assert.equal(await page.locator('input[name="state"]:checked').getAttribute('value'), 'article_missing');
    assert.equal(await page.locator('textarea[name="note"]').inputValue(), 'no article on this strike');
  });

  it('fits an answer’s page to a phone’s width, each detail under its label', async (t) => {
    const page = await loggedIn(t, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    if (!page) return;
    fx.log.markUndelivered(2, '1 of 3 messages sent, then: Forbidden: bot was blocked by the user');
    await page.goto(`${server.url}/answers/2`);
    // Nothing wider than the screen: a phone would otherwise zoom the whole page out to fit it.
    // (A string: this project's types know no DOM.)
    const width: unknown = await page.evaluate(
      '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
    );
    assert.deepEqual(width, { page: 375, window: 375 });
    // Why Telegram refused it reads across the box, not a word a line beside the labels' column.
    const why = await page.locator('dd.undelivered').boundingBox();
    const box = await page.locator('dl.meta').first().boundingBox();
    assert.ok(why && box && why.width > box.width * 0.9, JSON.stringify({ why, box }));
  });

  it('fits an answer’s audit trail to a 360-pixel phone, each review a card with its note under it', async (t) => {
    const page = await loggedIn(t, {
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    if (!page) return;
    fx.log.setReview(4, 'alice', 'correct', 'الإجابة صحيحة بعد مراجعة المقال — right after all');
    await page.goto(`${server.url}/answers/4`);
    const width: unknown = await page.evaluate(
      '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
    );
    assert.deepEqual(width, { page: 360, window: 360 }, 'a phone would zoom the page out to fit it');
    // The note reads across the card, under who changed what, not squeezed into a fourth column.
    const mine = page.locator('table.audit tbody tr').last();
    const note = await mine.locator('td.note-text').boundingBox();
    const change = await mine.locator('td').nth(2).boundingBox();
    assert.ok(note && change && note.y >= change.y + change.height - 1, JSON.stringify({ note, change }));
    assert.ok(note.width > 300, JSON.stringify(note));
  });

  it('goes down the queue one Tab press an answer, and saves a verdict without a mouse', async (t) => {
    const page = await loggedIn(t);
    if (!page) return;
    /** Where the keyboard is: a link's path, else the element's name and type. */
    const focused = () =>
      page.evaluate(
        '(e => e.getAttribute("href") ?? `${e.tagName} ${e.getAttribute("type") ?? ""}`.trim())(document.activeElement)',
      );
    await page.focus('a[href^="/answers/5"][dir="auto"], a[href^="/answers/5"][dir="ltr"]');
    const stops: unknown[] = [await focused()];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    assert.deepEqual(stops, ['/answers/5', '/answers/4', '/answers/3', '/answers/2', '/answers/1']);
    // Open #2 by Enter, check "incorrect" by the arrow keys, write the note, save by Enter.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/answers/2`);
    await page.focus('input[name="state"][value="correct"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard only');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'BUTTON submit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/saved=1/);
    assert.equal(fx.log.get(2)?.reviewState, 'incorrect');
    assert.equal(fx.log.get(2)?.reviewNote, 'keyboard only');
    // Saved, the keyboard is on the next answer's link (autofocus: as the page is first drawn, which
    // may be just after its load event): Enter opens it, and so on down the queue.
    await page.waitForFunction('document.activeElement?.getAttribute("rel") === "next"');
    assert.equal(await focused(), '/answers/1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/answers/1`);
  });

  it('reaches the first answer of the queue in two Tab presses and an Enter, by a skip link', async (t) => {
    const page = await loggedIn(t);
    if (!page) return;
    const focused = () =>
      page.evaluate('(e => e.getAttribute("href") ?? e.id ?? e.tagName)(document.activeElement)');
    // From the page as it loads, the first Tab stop is the link past the header and the filters,
    // shown while it has the keyboard (off the screen otherwise).
    await page.keyboard.press('Tab');
    assert.equal(await focused(), '#answers');
    const shown = await page.locator('a.skip').boundingBox();
    assert.ok(shown && shown.y >= 0 && shown.height > 0, JSON.stringify(shown));
    assert.equal(await page.locator('a.skip').innerText(), 'Skip to the answers انتقل إلى الإجابات');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), '/answers/5');
    // Without it, the first answer was a long way down: count the stops the link saves.
    await page.reload();
    let presses = 0;
    while ((await focused()) !== '/answers/5' && presses < 60) {
      await page.keyboard.press('Tab');
      presses++;
    }
    assert.ok(presses > 20, `the skip link saves ${presses - 2} stops`);
    // Away from it, the link is off the screen.
    const hidden = await page.locator('a.skip').boundingBox();
    assert.ok(hidden && hidden.y + hidden.height <= 0, JSON.stringify(hidden));
  });

  it('shows each answer of the queue whole on a phone’s width, its score and state named', async (t) => {
    const page = await loggedIn(t, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    if (!page) return;
    const rows = page.locator('table.queue tbody tr');
    assert.equal(await rows.count(), 5);
    for (const row of await rows.all()) {
      // The review state, the last cell, is on the screen, not past its right edge in a table
      // that scrolls sideways.
      const state = await row.locator('.state').boundingBox();
      assert.ok(state && state.x >= 0 && state.x + state.width <= 375, JSON.stringify(state));
      assert.match(await row.innerText(), /Score الدرجة: (\d\.\d{3}|—)/);
    }
    const width: unknown = await page.evaluate('document.documentElement.scrollWidth');
    assert.equal(width, 375);
  });

  // Last: it logs an answer more, which the tests above do not count on.
  it('fits a long link, outlet or note to a phone’s width, wrapping it', async (t) => {
    const page = await loggedIn(t, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    if (!page) return;
    // An Arabic article's address, as outlets write them: percent-encoded, without a break.
    const url = `https://example.org/2022/01/05/${encodeURIComponent('استهداف قاعدة التحالف بحقل العمر بالصواريخ')}`;
    const id = fx.log.record(
      entry(fx.log, {
        createdAt: fx.clock.now,
        language: 'ar',
        question: 'ما الذي حدث في حقل العمر؟',
        answerText: 'استهدفت ثمانية صواريخ محيط قاعدة التحالف [1].',
        citations: [citation({ url, source: 'DeirEzzor24-network-official-channel-on-telegram' })],
      }),
    );
    fx.log.setReview(
      id,
      BOB.name,
      'incorrect',
      'انظر https://example.org/a/long/path/without/any/space/in/it ثم Reuters',
    );
    await page.goto(`${server.url}/answers/${id}`);
    const width: unknown = await page.evaluate(
      '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
    );
    assert.deepEqual(width, { page: 375, window: 375 });
  });
});
