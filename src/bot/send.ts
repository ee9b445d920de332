import { GrammyError, type Context, type InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { Logger } from './deps.js';
import type { Part } from './render.js';

/** Telegram's refusals that say the chat or topic cannot be written to, as opposed to a failure. */
export function unwritable(error: unknown): error is GrammyError {
  if (!(error instanceof GrammyError)) return false;
  if (error.error_code === 403) return true;
  return (
    error.error_code === 400 && /message thread not found|TOPIC_CLOSED|TOPIC_DELETED/i.test(error.description)
  );
}

/**
 * Send parts in order as HTML; the first replies to `replyTo` (if given), the last carries the
 * keyboard. Link previews are off: citations are the point, not the article pages. `sent`, if
 * given, collects the messages as they go out: when a later part fails, it says which did.
 */
export async function sendParts(
  ctx: Context,
  parts: Part[],
  opts: { replyTo?: number; keyboard?: InlineKeyboard; sent?: Message.TextMessage[] } = {},
): Promise<Message.TextMessage[]> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error('sendParts needs a chat');
  const sent: Message.TextMessage[] = opts.sent ?? [];
  for (const [i, part] of parts.entries()) {
    sent.push(
      await ctx.api.sendMessage(chatId, part.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(i === 0 && opts.replyTo !== undefined
          ? { reply_parameters: { message_id: opts.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(i === parts.length - 1 && opts.keyboard ? { reply_markup: opts.keyboard } : {}),
        ...(ctx.msg?.message_thread_id !== undefined && ctx.msg.is_topic_message
          ? { message_thread_id: ctx.msg.message_thread_id }
          : {}),
      }),
    );
  }
  return sent;
}

/**
 * Answer a button press, with a notice or none. Only what Telegram shows over the press (and the
 * end of its spinner): a press that waited while the bot was down, or behind a busy chat, is too
 * old to answer ("query is too old"), and failing on it lost the cited passages it asked for. A
 * failure is logged and the press is handled all the same.
 */
export async function answerPress(ctx: Context, logger: Logger, text?: string): Promise<void> {
  try {
    await ctx.answerCallbackQuery(text === undefined ? undefined : { text });
  } catch (err) {
    logger.warn('could not answer the button press', { update_id: ctx.update.update_id, error: err });
  }
}
