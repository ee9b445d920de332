import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { PASTE_WINDOW_MS } from '../../src/bot/pastes.js';
import { botSettingProblems, startPolling, startWebhook } from '../../src/bot/serve.js';
import { createFakeQA } from './fake-qa.js';
import {
  GROUP,
  PRIVATE,
  harness,
  tempDir,
  testConfig,
  textOf,
  textUpdate,
  type Harness,
  type HarnessOptions,
} from './harness.js';

const GOOD_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('bot settings', () => {
  it('names each missing or malformed setting', () => {
    const dir = tempDir();
    assert.deepEqual(botSettingProblems(testConfig(dir, { TELEGRAM_BOT_TOKEN: GOOD_TOKEN })), []);
    const none = testConfig(dir);
    delete none.TELEGRAM_BOT_TOKEN;
    assert.match(
      botSettingProblems(none)[0] ?? '',
      /^TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather/,
    );
    assert.match(
      botSettingProblems(testConfig(dir, { TELEGRAM_BOT_TOKEN: 'nonsense' }))[0] ?? '',
      /^TELEGRAM_BOT_TOKEN does not look/,
    );
    const webhook = botSettingProblems(
      testConfig(dir, { TELEGRAM_BOT_TOKEN: GOOD_TOKEN, BOT_MODE: 'webhook' }),
    );
    assert.deepEqual(
      webhook.map((p) => p.split(' ')[0]),
      ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
    );
    const plain = botSettingProblems(
      testConfig(dir, {
        TELEGRAM_BOT_TOKEN: GOOD_TOKEN,
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'http://x.org/h',
        WEBHOOK_SECRET: 's',
      }),
    );
    assert.deepEqual(plain, ['WEBHOOK_URL must be an https:// URL']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('webhook mode', () => {
  let h: Harness;
  afterEach(() => h.close());
  const WEBHOOK_ENV = {
    BOT_MODE: 'webhook',
    WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
    WEBHOOK_SECRET: 'the-secret_1',
    WEBHOOK_HOST: '127.0.0.1',
  };
  /** A harness in webhook mode, to listen on any free port. */
  const webhookHarness = (opts: Omit<HarnessOptions, 'env'> = {}): Harness => {
    const made = harness({ ...opts, env: { ...WEBHOOK_ENV, WEBHOOK_PORT: '1' } });
    made.config.WEBHOOK_PORT = 0;
    return made;
  };
  /** An update posted to the webhook on `port` at `path`, with `secret` as Telegram sends it. */
  const post = (port: number, body: unknown, secret = 'the-secret_1', path = '/telegram/hook') =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(body),
    });

  it('registers the webhook with its secret, accepts only Telegram’s secret, and drains on stop', async () => {
    h = webhookHarness({ qa: createFakeQA({ delayMs: 150 }) });
    const running = await startWebhook(h.bot, h.config, h.logger);
    const setWebhook = h.calls.find((c) => c.method === 'setWebhook');
    assert.equal(setWebhook?.payload.url, 'https://bot.example.org/telegram/hook');
    assert.equal(setWebhook?.payload.secret_token, 'the-secret_1');
    // The "/" menu, in English for everyone and in Arabic for Arabic-speaking people.
    const menus = h.calls.filter((c) => c.method === 'setMyCommands').map((c) => c.payload);
    assert.deepEqual(
      menus.map((m) => [m.language_code, (m.commands as { command: string }[]).map((c) => c.command)]),
      [
        [undefined, ['help', 'ask', 'sources', 'about']],
        ['ar', ['help', 'ask', 'sources', 'about']],
      ],
    );
    // What an empty chat with the bot shows, and its profile: in both languages, within Telegram's limits.
    const described = (method: string, field: string) =>
      h.calls
        .filter((c) => c.method === method)
        .map((c) => [c.payload.language_code, String(c.payload[field])] as const);
    const long = described('setMyDescription', 'description');
    const short = described('setMyShortDescription', 'short_description');
    assert.deepEqual(
      [...long, ...short].map(([lang]) => lang),
      [undefined, 'ar', undefined, 'ar'],
    );
    assert.match(long[0]![1], /^I answer questions about military incidents in eastern Syria/);
    assert.match(long[1]![1], /^أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا/);
    assert.ok(long.every(([, text]) => [...text].length <= 512));
    assert.ok(short.every(([, text]) => [...text].length <= 120 && /\p{L}/u.test(text)));

    const update = textUpdate({ id: 9 }, GROUP, '/ask@IncidentQABot was the al-Omar base attacked?');
    assert.equal((await post(running.port, update, 'wrong')).status, 401);
    assert.equal((await post(running.port, update, 'the-secret_1', '/elsewhere')).status, 404);
    assert.equal(h.sent().length, 0);

    // An answer in flight when stopping is still delivered before stop() resolves. In flight: the
    // bot has begun it ("typing…"). A fixed 50 ms was sometimes too short for the request to reach
    // the server on a loaded machine, which stop() then refused ("fetch failed").
    const inFlight = post(running.port, update);
    const began = () => h.calls.some((c) => c.method === 'sendChatAction');
    for (let waited = 0; !began() && waited < 10_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    assert.ok(began());
    await running.stop();
    assert.equal((await inFlight).status, 200);
    assert.match(textOf(h.sent(GROUP.id)[0]), /Eight rockets/);
  });

  it('gives a paste split into parts one notice, at once: Telegram sends the next part after the answer', async () => {
    h = webhookHarness();
    const qa = h.qa as ReturnType<typeof createFakeQA>;
    const running = await startWebhook(h.bot, h.config, h.logger);
    try {
      const send = async (body: unknown) => assert.equal((await post(running.port, body)).status, 200);
      const person = { id: 41, first_name: 'Sam' };
      const sentence = 'Eight rockets fell on the coalition base at the al-Omar oil field this morning. ';
      const paste = sentence.repeat(55).trim();
      const cut = paste.lastIndexOf(' ', 4096);
      const [first, second] = [paste.slice(0, cut), paste.slice(cut + 1)];
      // As Telegram delivers a chat's updates to a webhook: the next once the last is answered.
      const started = performance.now();
      await send(textUpdate(person, PRIVATE(person), first));
      // Held for a next part that cannot come while it is held, the notice had waited 1.5 s.
      assert.ok(performance.now() - started < PASTE_WINDOW_MS, 'the notice is not held');
      await send(textUpdate(person, PRIVATE(person), second));
      assert.deepEqual(h.sent(person.id).map(textOf), [
        `Your question is ${[...first].length} characters long; I accept at most 500. Please ask a shorter question. To ask about a text, send it on its own, then reply to it with your question.`,
      ]);
      // The last part, under the limit, had been answered as a question.
      assert.deepEqual(qa.calls, []);
      // The paste over, the next message is a question of its own.
      await new Promise((r) => setTimeout(r, PASTE_WINDOW_MS + 100));
      await send(textUpdate(person, PRIVATE(person), 'Was the al-Omar base attacked?'));
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
    } finally {
      await running.stop();
    }
  });

  it('answers the last run’s questions Telegram sends again, and tells the askers of the rest to ask again', async () => {
    h = webhookHarness({ qa: createFakeQA({ delayMs: 400 }) });
    const sam = { id: 34, first_name: 'Sam' };
    const huda = { id: 35, first_name: 'Huda', language_code: 'ar' };
    // Noted as being answered by a run that was then killed: Telegram sends the first again (its
    // request was never answered); the second's request had been answered at the time limit.
    const resent = textUpdate(sam, PRIVATE(sam), 'Was the al-Omar base attacked?');
    const lost = textUpdate(huda, PRIVATE(huda), 'ماذا حدث في حقل العمر؟');
    h.log!.notePending(resent.update_id, resent);
    h.log!.notePending(lost.update_id, lost);
    h.restart();
    const running = await startWebhook(h.bot, h.config, h.logger, { pending: h.log!, pendingGraceMs: 300 });
    try {
      await new Promise((r) => setTimeout(r, 20));
      // Still being answered when the grace ends: it is not taken for lost.
      assert.equal((await post(running.port, resent)).status, 200);
      for (let waited = 0; h.sent(huda.id).length === 0 && waited < 5000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        h
          .sent(sam.id)
          .map(textOf)
          .map((t) => /Eight rockets/.test(t)),
        [true],
      );
      assert.deepEqual(h.sent(huda.id).map(textOf), [
        'عذرًا، أُعيد تشغيلي أثناء الإجابة عن هذا السؤال فلم أُكملها. يُرجى إرساله مجددًا.',
      ]);
      assert.deepEqual(h.log!.pendingQuestions(), []);
    } finally {
      await running.stop();
    }
  });

  it('stops, just after a start, only once the question the last run left is answered; the rest wait', async () => {
    h = harness({ qa: createFakeQA({ delayMs: 100 }) });
    const person = { id: 32, first_name: 'Sam' };
    const left = ['Was the al-Omar base attacked?', 'Who is Kirby?'].map((q) =>
      textUpdate(person, PRIVATE(person), q),
    );
    // Noted as being answered by a run that was then killed.
    for (const u of left) h.log!.notePending(u.update_id, u);
    h.restart();
    h.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, result: [] } as never;
    });
    const running = await startPolling(h.bot, h.logger, { pending: h.log! });
    // SIGTERM as soon as it runs: the first question is being answered, the second not begun.
    await running.stop();
    const sent = h.sent(person.id);
    assert.equal(sent.length, 1);
    assert.match(textOf(sent[0]), /Eight rockets/);
    assert.deepEqual(
      h.log!.pendingQuestions().map((p) => [p.updateId, p.tries]),
      [[left[1]!.update_id, 0]],
      'the second is left, untried, for the next start',
    );
  });

  it('stops polling only once every update it fetched is answered, queued ones in a chat included', async () => {
    h = harness({ qa: createFakeQA({ delayMs: 60 }) });
    const person = { id: 31, first_name: 'Huda', language_code: 'ar' };
    const batch = ['Was the al-Omar base attacked?', 'Who is Kirby?', 'Where is Mayadin?'].map((q, i) => ({
      ...textUpdate(person, PRIVATE(person), q),
      update_id: 500 + i,
    }));
    let served = false;
    // Telegram's getUpdates: the batch once, then nothing (long polling ends when stopped).
    h.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== 'getUpdates') return prev(method, payload, signal);
      if (!served) {
        served = true;
        return { ok: true, result: batch } as never;
      }
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, result: [] } as never;
    });
    const running = await startPolling(h.bot, h.logger);
    await new Promise((r) => setTimeout(r, 30));
    // The first question is being answered; the other two wait behind it, as one chat's updates do.
    await running.stop();
    assert.equal(h.sent(person.id).length, 3);
  });
});
