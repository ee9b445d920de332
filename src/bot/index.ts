import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotError, type Context, type Transformer } from 'grammy';
import { classify, writtenText } from './addressing.js';
import { albumsOnce, ALBUM_WINDOW_MS } from './albums.js';
import { callbacks, chatMigrations, noteMigration, PASSAGES_RESENT_AFTER_MS } from './callbacks.js';
import { commands, joinedGroup, JOINED_START_MS } from './commands.js';
import { createConsoleLogger, type BotDeps, type Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { RateLimiter } from './limiter.js';
import { editsOnce } from './edits.js';
import { buttonLimit, floodLimit, floodLimitPerMinute } from './limits.js';
import { pastesJoined } from './pastes.js';
import { pendingKept } from './pending.js';
import { questions, REPEAT_WINDOW_MS } from './questions.js';
import { RecentAnswers, RecentlyAnswered, RecentlyDone, RecentQuestions } from './recent.js';
import { renderParagraphs } from './render.js';
import { sendParts, unwritable } from './send.js';

export { createConsoleLogger, type BotDeps, type Logger } from './deps.js';
export { answerPending } from './pending.js';

/**
 * A group that became a supergroup has a new chat id, and a call naming the old one is refused with
 * the new one (`migrate_to_chat_id`): a question asked just before the change, answered after it,
 * was lost with its apology. The call goes to the new chat instead, once. The reply link and topic
 * are left off there: they name the old chat's. The buttons stay: the bot now knows which group the
 * supergroup was (`migrated`), and takes its answers' buttons pressed there as the group's.
 */
const followMigration =
  (migrated: (from: number, to: number) => void): Transformer =>
  async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    const to = res.ok ? undefined : res.parameters?.migrate_to_chat_id;
    if (to === undefined || typeof payload !== 'object' || !('chat_id' in payload)) return res;
    const {
      reply_parameters: _reply,
      message_thread_id: _topic,
      ...rest
    } = payload as Record<string, unknown>;
    if (typeof rest.chat_id === 'number') migrated(rest.chat_id, to);
    return prev(method, { ...rest, chat_id: to } as typeof payload, signal);
  };

/**
 * The Telegram bot, built only from `deps` (no globals): the parts of a paste Telegram split joined
 * (see pastesJoined), then, one chat at a time, callbacks (under the flood limit), a word
 * to a group that has just added it, then — for messages addressed to the bot — edits that change
 * nothing and an album's items after its first left aside, flood limit, commands and questions
 * (which count against the question limit when searched), all inside one error boundary.
 */
export function createBot(deps: BotDeps): Bot {
  const { config } = deps;
  if (!config.TELEGRAM_BOT_TOKEN) {
    throw new Error('TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it in .env');
  }
  const now = deps.now ?? Date.now;
  const svc: Services = {
    qa: deps.qa,
    log: deps.log,
    config,
    logger: deps.logger ?? createConsoleLogger({ redact: [config.TELEGRAM_BOT_TOKEN] }),
    limiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE, 60_000, now),
    floodLimiter: new RateLimiter(floodLimitPerMinute(config.RATE_LIMIT_PER_MINUTE), 60_000, now),
    recent: new RecentAnswers(),
    // A conversation's questions, up to two questions' worth, are carried to a follow-up.
    asked: new RecentQuestions(2 * config.MAX_QUESTION_CHARS),
    passagesSent: new RecentlyDone(PASSAGES_RESENT_AFTER_MS, now),
    answered: new RecentlyAnswered(REPEAT_WINDOW_MS, now),
    albums: new RecentlyDone(ALBUM_WINDOW_MS, now),
    joined: new RecentlyDone(JOINED_START_MS, now),
    migratedFrom: new Map(),
    now,
  };
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, {
    botInfo: deps.botInfo,
    client: { apiRoot: config.TELEGRAM_API_ROOT },
  });
  // 429 (retry_after) and 5xx are retried, within bounds, so a hiccup does not lose an answer.
  // A 429 or 5xx is retried a few times with bounded waits. A network error (HttpError) is not: the
  // plugin would retry it with no bound but an hour between tries, so an unreachable Bot API hung the
  // start and held a chat's queue. It fails the update instead (logged), and polling retries on its own.
  // A message waits out a 429 of up to a minute: Telegram's cap of 20 messages a minute in a group
  // answers with waits of tens of seconds, and given up at 10 s the answer was lost, its apology
  // refused by the same wait. Only that chat's queue waits, and nothing could be sent there anyway.
  // Other calls keep 10 s: a late "typing…" or button answer is worth nothing.
  const retry = (maxDelaySeconds: number) =>
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds, rethrowHttpErrors: true });
  const messageRetry = retry(60);
  const otherRetry = retry(10);
  bot.api.config.use((prev, method, payload, signal) =>
    (method === 'sendMessage' ? messageRetry : otherRetry)(prev, method, payload, signal),
  );
  bot.api.config.use(followMigration((from, to) => noteMigration(svc, from, to)));

  const onError = async (err: BotError<Context>) => {
    const ctx = err.ctx;
    // 403: the person blocked the bot, or it was removed from the group, while it answered. Nothing
    // can be sent there, an apology included: a person's choice, not a failure of the bot's. So for
    // a forum topic deleted (the question with it) or closed by an admin meanwhile: the answer is
    // not posted elsewhere (in General, away from its question, it would be noise), and the answer
    // log says it was not delivered.
    if (unwritable(err.error)) {
      svc.logger.info('cannot write to the chat', {
        update_id: ctx.update.update_id,
        reason: err.error.description,
      });
      return;
    }
    svc.logger.error('update failed', { update_id: ctx.update.update_id, error: err.error });
    try {
      // A button press: its message is the bot's own, not what the person wrote.
      const lang = personLanguage(ctx.from?.language_code, ctx.callbackQuery ? undefined : writtenText(ctx));
      const apology = messages(lang).apology;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: apology });
      else if (ctx.chat)
        await sendParts(ctx, renderParagraphs([apology], lang), { replyTo: ctx.msg?.message_id });
    } catch (apologyErr) {
      svc.logger.error('could not send the apology', { update_id: ctx.update.update_id, error: apologyErr });
    }
  };
  bot.catch(onError);

  // The parts of a paste Telegram split are one message (before the chat's queue, which would
  // hold them behind the first part); a webhook's, which Telegram sends one after another's
  // answer, one notice.
  bot.use(pastesJoined(config.MAX_QUESTION_CHARS, { hold: config.BOT_MODE !== 'webhook' }));
  // A question is noted in the answer log until handled, so that one cut off by the process being
  // killed is answered after the restart (answerPending), those waiting in the chat's queue too.
  bot.use(pendingKept(svc));
  // One chat's updates in order; different chats concurrently (matters under @grammyjs/runner).
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  // The boundary catches in every mode (handleUpdate and webhooks rethrow; bot.catch covers polling).
  const safe = bot.errorBoundary(onError);
  safe.on('callback_query', buttonLimit(svc));
  safe.use(chatMigrations(svc));
  safe.use(callbacks(svc));
  safe.use(joinedGroup(svc));
  const addressed = safe.filter((ctx) => classify(ctx) !== null);
  addressed.use(editsOnce(svc, now));
  addressed.use(albumsOnce(svc));
  addressed.use(floodLimit(svc));
  addressed.use(commands(svc));
  addressed.use(questions(svc));
  return bot;
}
