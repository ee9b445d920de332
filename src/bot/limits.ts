import type { Context, MiddlewareFn } from 'grammy';
import type { Language } from '../corpus/types.js';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import type { RateLimiter } from './limiter.js';
import { renderParagraphs } from './render.js';
import { sendParts } from './send.js';

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

/** Counts one request against `limiter`; the first refusal in a burst is explained, later ones dropped. */
async function allowed(
  ctx: Context,
  limiter: RateLimiter,
  notice: (lang: Language) => string,
  text?: string,
) {
  if (!ctx.from) return true;
  const decision = limiter.hit(String(ctx.from.id));
  if (decision === 'notify') {
    const lang = personLanguage(ctx.from.language_code, text ?? ctx.msg?.text);
    await sendParts(ctx, renderParagraphs([notice(lang)], lang), { replyTo: ctx.msg?.message_id });
  }
  return decision === 'allow';
}

/** Per-person flood limit on every message addressed to the bot (see floodLimitPerMinute). */
export function floodLimit(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (await allowed(ctx, svc.floodLimiter, (lang) => messages(lang).tooFast)) return next();
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
