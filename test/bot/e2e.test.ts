import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
// The package's main entry has a CommonJS default that NodeNext types cannot construct; use the class.
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { Bot } from 'grammy';
import { createBot } from '../../src/bot/index.js';
import { startPolling, type Running } from '../../src/bot/serve.js';
import { AnswerLog } from '../../src/log/index.js';
import { openAnswering } from '../../src/answer/thread.js';
import type { QA } from '../../src/answer/types.js';
import { startEmulator } from '../helpers/emulator.js';
import { captureLogger, tempDir, testConfig, visible } from './harness.js';

const TOKEN = '123456:E2E-TOKEN';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface BotMessage {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

describe('end to end against telegram-test-api', { timeout: 30_000 }, () => {
  let server: TelegramServer | undefined;
  let running: Running | undefined;
  let bot: Bot;
  let log: AnswerLog;
  let qa: QA | undefined;
  let dir: string;
  let startBot: () => Promise<void>;
  const logger = captureLogger();

  before(
    async () => {
      server = await startEmulator();
      dir = tempDir();
      const config = testConfig(dir, {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: server.config.apiURL,
        EMBEDDER: 'lexical',
      });
      log = AnswerLog.fromConfig(config);
      // The real core, opened as `npm start` opens it: the seed index is built in the temporary
      // state folder, as at a first start.
      qa = await openAnswering(config);
      startBot = async () => {
        assert.ok(qa);
        // No botInfo: the runner calls getMe on the emulator, as at a real start.
        bot = createBot({ qa, log, config, logger });
        // The emulator answers getUpdates at once instead of long polling; pace empty polls.
        bot.api.config.use(async (prev, method, payload, signal) => {
          const res = await prev(method, payload, signal);
          if (method === 'getUpdates' && res.ok && Array.isArray(res.result) && res.result.length === 0) {
            await new Promise((r) => setTimeout(r, 30));
          }
          return res;
        });
        running = await startPolling(bot, logger);
      };
      await startBot();
    },
    { timeout: 20_000 },
  );

  after(
    async () => {
      // Stop the emulator whatever happens: its cleanup timer would keep the test process alive.
      try {
        await running?.stop();
        await qa?.close();
      } finally {
        await server?.stop();
        log?.close();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    { timeout: 10_000 },
  );

  /** Asks as `userId`; `replyTo`: the id of the bot's message the question replies to. */
  async function ask(
    userId: number,
    languageCode: string,
    question: string,
    replyTo?: number,
  ): Promise<BotMessage & { messageId: number }> {
    assert.ok(server);
    const client = server.getClient(TOKEN, {
      userId,
      chatId: userId,
      firstName: 'Person',
      userName: `p${userId}`,
    });
    await client.sendMessage(
      client.makeMessage(question, {
        from: { language_code: languageCode } as never,
        ...(replyTo !== undefined
          ? {
              reply_to_message: {
                message_id: replyTo,
                from: { id: bot.botInfo.id, is_bot: true, first_name: bot.botInfo.first_name },
              } as never,
            }
          : {}),
      }),
    );
    const updates = await waitFor('the answer', async () => {
      const res = await client.getUpdates();
      return res.result.length > 0 ? res.result : undefined;
    });
    assert.equal(updates.length, 1);
    return { ...(updates[0]?.message as unknown as BotMessage), messageId: Number(updates[0]?.messageId) };
  }

  it('answers in Arabic and English with citations, and records 👍 in the log', async () => {
    const ar = await ask(601, 'ar', 'كم عدد القذائف الصاروخية التي استهدفت قاعدة القرية الخضراء؟');
    assert.equal(String(ar.chat_id), '601');
    assert.equal(ar.parse_mode, 'HTML');
    assert.match(visible(ar.text), /بحسب عنب بلدي \(Enab Baladi\)، 5 كانون الثاني\/يناير 2022 \[1\]:/);
    assert.match(visible(ar.text), /ثماني قذائف صاروخية/);
    assert.match(visible(ar.text), /\[1\] عنب بلدي \(Enab Baladi\)، 5 كانون الثاني\/يناير 2022/);

    const en = await ask(602, 'en', 'Which school did the Fatemiyoun militia use as a headquarters?');
    assert.equal(String(en.chat_id), '602');
    assert.match(visible(en.text), /^From SY24, date unknown \[1\]/m);
    assert.match(visible(en.text), /عبد المنعم رياض/);
    assert.match(visible(en.text), /\[1\] SY24, date unknown/);
    const up = en.reply_markup?.inline_keyboard.flat().find((b) => b.text === '👍');
    assert.ok(up, 'a 👍 button');
    const answerId = Number(up.callback_data.split(':')[2]);

    assert.ok(server);
    const client = server.getClient(TOKEN, {
      userId: 602,
      chatId: 602,
      firstName: 'Person',
      userName: 'p602',
    });
    await client.sendCallback(client.makeCallbackQuery(up.callback_data));
    const rated = await waitFor('the feedback row', () => {
      const rec = log.get(answerId);
      return rec?.feedback ? rec : undefined;
    });
    assert.equal(rated.feedback, 'up');
    assert.ok(rated.feedbackAt);
    assert.equal(rated.question, 'Which school did the Fatemiyoun militia use as a headquarters?');
    assert.equal(rated.userHash, log.hashUser(602));
    assert.equal(rated.citations[0]?.articleId, '003_827349901dd84165');
    assert.match(rated.citations[0]?.text ?? '', /عبد المنعم رياض/);
    const arabic = log.get(answerId - 1);
    assert.equal(arabic?.language, 'ar');
    assert.equal(arabic?.feedback, null);
    assert.match(arabic?.citations[0]?.text ?? '', /ثماني قذائف صاروخية|8 صواريخ/);
    // Only what the emulator lacks (sendChatAction, setMyCommands, setMyDescription) was reported;
    // no update failed.
    assert.deepEqual(
      logger.lines.filter((l) => l.msg !== 'typing indicator failed').map((l) => [l.level, l.msg]),
      [
        ['warn', 'could not publish the command menu'],
        ['warn', 'could not publish the description'],
        ['info', 'bot running (long polling)'],
      ],
    );
  });

  it('reads a reply to an answer as a follow-up of its question, and logs which', async () => {
    const first = await ask(603, 'en', 'What did the drones target at the Conoco gas field?');
    const followUp = await ask(603, 'en', 'Was anyone killed?', first.messageId);
    const text = visible(followUp.text);
    assert.match(text, /^Read as a follow-up to: «What did the drones target at the Conoco gas field\?»/);
    // Asked alone, "Was anyone killed?" quotes other strikes first; after Conoco, Conoco.
    assert.match(text.split('\n[1] ')[1] ?? '', /كونيكو/);
    const logged = await waitFor('the follow-up row', () =>
      log
        .search('killed', 10)
        .map((id) => log.get(id))
        .find((r) => r?.follows),
    );
    assert.equal(logged.follows, 'What did the drones target at the Conoco gas field?');
  });

  it('still reads a reply to an answer as a follow-up after the bot restarts', async () => {
    const first = await ask(604, 'en', 'What did the drones target at the Conoco gas field?');
    await running?.stop();
    await startBot();
    const followUp = await ask(604, 'en', 'Was anyone killed?', first.messageId);
    assert.match(
      visible(followUp.text),
      /^Read as a follow-up to: «What did the drones target at the Conoco gas field\?»/,
    );
  });
});
