import type { Context, MiddlewareFn } from 'grammy';
import type { Language } from '../corpus/types.js';
import { personMessage, writtenText } from './addressing.js';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import type { RateLimiter } from './limiter.js';
import { renderParagraphs } from './render.js';
import { answerPress, sendParts } from './send.js';

/**
 * How many messages of any kind one person may address to the bot in a minute: commands, greetings
 * and questions about the bot cost one message each and no search, so they do not count against
 * RATE_LIMIT_PER_MINUTE, but each still makes the bot send. 20 is Telegram's own cap on a bot's
 * messages in one group a minute (one person beyond it only queues everyone's answers there behind
 * 429s); twice the question limit when that is higher, so that questions alone never meet it first.
 */
export function floodLimitPerMinute(questionsPerMinute: number): number {
  return Math.max(20, 2 * questionsPerMinute);
}

/**
 * Whom a message counts against: the chat it was sent as, when it has one, else the person. An
 * anonymous admin's message comes from GroupAnonymousBot as the group, and one sent on behalf of a
 * channel from Channel_Bot as the channel: keyed by `from`, every anonymous admin of every group
 * shared one budget, and so did every channel. (The admins of one group cannot be told apart.)
 */
export function senderKey(ctx: Context): string | undefined {
  const senderChat = personMessage(ctx)?.sender_chat;
  if (senderChat) return `chat:${senderChat.id}`;
  return ctx.from ? `user:${ctx.from.id}` : undefined;
}

/**
 * Counts one request against `limiter`; the first refusal in a burst is explained, later ones
 * dropped. A refusal is not explained when `toldBy` has just told the person to slow down.
 */
async function allowed(
  ctx: Context,
  limiter: RateLimiter,
  notice: (lang: Language) => string,
  text?: string,
  toldBy?: RateLimiter,
) {
  const key = senderKey(ctx);
  if (key === undefined) return true;
  const decision = limiter.hit(key);
  if (decision === 'notify' && !toldBy?.told(key)) {
    const lang = personLanguage(ctx.from?.language_code, text ?? writtenText(ctx));
    await sendParts(ctx, renderParagraphs([notice(lang)], lang), { replyTo: ctx.msg?.message_id });
  }
  return decision === 'allow';
}

/**
 * Flood limit on every message addressed to the bot, per sender (see floodLimitPerMinute,
 * senderKey). A person just told they ask too fast is not told again when their burst goes on past
 * this limit: two notices, one after the other, for one burst of questions.
 */
export function floodLimit(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const tooFast = (lang: Language) => messages(lang).tooFast;
    if (await allowed(ctx, svc.floodLimiter, tooFast, undefined, svc.limiter)) return next();
  };
}

/**
 * Button presses count against the same flood limit as messages, per person. A "sources" press
 * sends messages into the chat as a reply does, against the same cap of Telegram's; a rating writes
 * the log. A press refused is still answered, with a notice: Telegram shows a spinner until it is.
 */
export function buttonLimit(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const key = senderKey(ctx);
    if (key === undefined || svc.floodLimiter.hit(key) === 'allow') return next();
    const text = messages(personLanguage(ctx.from?.language_code)).cb.tooFast;
    await answerPress(ctx, svc.logger, text);
  };
}

/**
 * Per-person limit on questions that are searched (an edit asking again included): whether
 * `question` may be; the first refusal in a burst is explained.
 */
export function mayAsk(ctx: Context, svc: Services, question: string): Promise<boolean> {
  const perMinute = svc.config.RATE_LIMIT_PER_MINUTE;
  return allowed(ctx, svc.limiter, (lang) => messages(lang).rateLimited(perMinute), question);
}
