import type { Bot, Context, MiddlewareFn } from 'grammy';
import type { Update } from 'grammy/types';
import type { AnswerLog } from '../log/index.js';
import { classify } from './addressing.js';
import type { Logger, Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { renderParagraphs } from './render.js';

/** How old a question cut off by a restart may be and still be answered after it. */
export const PENDING_RETRY_MS = 10 * 60_000;

/**
 * How old it may be and still be told to ask again: Telegram keeps a bot's undelivered updates a
 * day, and answers questions sent while the bot was down as late; older ones are dropped unsaid.
 */
export const PENDING_KEPT_MS = 24 * 60 * 60_000;

/**
 * A question in flight when the process was killed (kill -9, out of memory) was lost without a
 * word: long polling had already confirmed its update to Telegram, which would not send it again,
 * and the person waited for an answer that never came. Each update that asks a question is
 * therefore noted in the answer log as it is received (those waiting in their chat's queue too)
 * and forgotten once handled, answered or not (see answerPending). Runs before the chat's queue.
 */
export function pendingKept(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const log = svc.log;
    if (!log || classify(ctx)?.kind !== 'question') return next();
    const id = ctx.update.update_id;
    try {
      log.notePending(id, ctx.update);
    } catch (err) {
      svc.logger.warn('answer log: could not note a question as being answered', {
        update_id: id,
        error: err,
      });
      return next();
    }
    try {
      return await next();
    } finally {
      try {
        log.clearPending(id);
      } catch (err) {
        svc.logger.warn('answer log: could not note a question as answered', { update_id: id, error: err });
      }
    }
  };
}

/**
 * How long after a webhook start the questions the last run left, and Telegram has not sent again
 * meanwhile, are taken for lost (see answerPending's `retry`).
 */
export const PENDING_WEBHOOK_GRACE_MS = PENDING_RETRY_MS;

export interface PendingOptions {
  /**
   * Stops it between two questions (the process is stopping): the question being answered is
   * finished, the others are left as they were for the next start.
   */
  signal?: AbortSignal;
  /**
   * Whether a recent question may be answered now (long polling: Telegram will not send it again).
   * A webhook's is sent again by Telegram until the request that carried it is answered; one still
   * left after PENDING_WEBHOOK_GRACE_MS will not be (its request was answered at the time limit, or
   * Telegram gave up), and its asker is only told to send it again: answering it could answer twice.
   */
  retry?: boolean;
  /** Questions noted (or sent again by Telegram) less than this long ago are left alone: in flight. */
  minAgeMs?: number;
}

/**
 * At start (long polling), the questions the previous run received and did not finish: each one
 * younger than PENDING_RETRY_MS is answered now, as if just sent, once; if the run that tried it
 * did not finish it either (it may be what brought the process down), or it is older, the person
 * is told, in reply to it, to send it again. Each is handled once: a question is marked tried
 * before it is answered, and the notice goes out after its note is deleted. For a webhook, see
 * `retry`. Returns how many questions were answered and how many told to ask again.
 */
export async function answerPending(
  bot: Bot,
  log: AnswerLog,
  logger: Logger,
  opts: PendingOptions = {},
): Promise<{ answered: number; toldToAskAgain: number }> {
  const done = { answered: 0, toldToAskAgain: 0 };
  for (const p of log.pendingQuestions()) {
    if (opts.signal?.aborted) break;
    if (p.ageMs < (opts.minAgeMs ?? 0)) continue;
    const update = p.update as Update;
    if (p.ageMs > PENDING_KEPT_MS) {
      log.clearPending(p.updateId);
    } else if (opts.retry !== false && p.tries === 0 && p.ageMs <= PENDING_RETRY_MS) {
      log.markPendingTried(p.updateId);
      try {
        await bot.handleUpdate(update);
      } catch (err) {
        logger.error('could not answer a question cut off by the restart', {
          update_id: p.updateId,
          error: err,
        });
      }
      log.clearPending(p.updateId);
      done.answered++;
    } else {
      log.clearPending(p.updateId);
      const msg = update.message ?? update.edited_message;
      if (!msg) continue;
      const lang = personLanguage(msg.from?.language_code, msg.text ?? msg.caption);
      const [part] = renderParagraphs([messages(lang).askAgain], lang);
      if (!part) continue;
      try {
        await bot.api.sendMessage(msg.chat.id, part.html, {
          parse_mode: 'HTML',
          reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
          ...(msg.is_topic_message && msg.message_thread_id !== undefined
            ? { message_thread_id: msg.message_thread_id }
            : {}),
        });
        done.toldToAskAgain++;
      } catch (err) {
        logger.info('could not tell a person to ask a question cut off by the restart again', {
          update_id: p.updateId,
          error: err,
        });
      }
    }
  }
  if (done.answered + done.toldToAskAgain > 0) logger.info('questions cut off by the restart', done);
  return done;
}
