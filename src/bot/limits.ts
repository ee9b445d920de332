import type { Context, MiddlewareFn } from 'grammy';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { renderParagraphs } from './render.js';
import { sendParts } from './send.js';

/** Per-user rate limit on messages addressed to the bot; the first refusal in a burst is explained. */
export function rateLimit(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!ctx.from) return next();
    const decision = svc.limiter.hit(String(ctx.from.id));
    if (decision === 'allow') return next();
    if (decision === 'notify') {
      const lang = personLanguage(ctx.from.language_code, ctx.msg?.text);
      const text = messages(lang).rateLimited(svc.config.RATE_LIMIT_PER_MINUTE);
      await sendParts(ctx, renderParagraphs([text], lang), { replyTo: ctx.msg?.message_id });
    }
  };
}
