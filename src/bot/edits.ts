import type { Context, MiddlewareFn } from 'grammy';
import { classify, personMessage, type Addressed } from './addressing.js';
import type { Services } from './deps.js';

/**
 * How long after a message was sent an edit of it is still answered. Telegram lets a person edit
 * a message for as long as it exists; an edit days later is a correction for the record, and an
 * answer to it would land at the bottom of the chat, far from what it replies to. Two days keep a
 * conversation picked up the next day. Measured by Telegram's own `edit_date - date`, so neither
 * the bot's clock nor updates delivered late (after the bot was down) change it.
 */
export const EDIT_WINDOW_SECONDS = 48 * 60 * 60;

/** What a message addressed to the bot asks, as the handlers read it (mention left out, trimmed). */
function asked(addressed: NonNullable<Addressed>): string {
  switch (addressed.kind) {
    case 'command':
      return `/${addressed.name} ${addressed.rest}`;
    case 'question':
      return addressed.text.trim();
    case 'non-text':
      return '';
  }
}

/** What a message asks to be searched, as the answer log keeps it: a question, or the text after /ask. */
function searched(addressed: NonNullable<Addressed>): string | undefined {
  if (addressed.kind === 'question') return addressed.text.trim();
  if (addressed.kind === 'command' && addressed.name === 'ask') return addressed.rest;
  return undefined;
}

/**
 * Whether the answer log says the message was last answered for the question `addressed` asks:
 * memory's fallback after a restart. A log that cannot be read means the edit is answered.
 */
function loggedAsAsked(ctx: Context, svc: Services, messageId: number, addressed: NonNullable<Addressed>) {
  const question = searched(addressed);
  if (!svc.log || !ctx.chat || question === undefined) return false;
  try {
    return svc.log.askedBy(ctx.chat.id, messageId) === question;
  } catch (err) {
    svc.logger.warn('answer log read failed; the edit is answered', {
      update_id: ctx.update.update_id,
      error: err,
    });
    return false;
  }
}

/**
 * A message the person edits is answered again only when the edit changes what it asks, within
 * EDIT_WINDOW_SECONDS of sending it. Telegram also sends an edit when only formatting changes or a
 * link preview is added: answered again, it repeated the answer (and searched, and counted against
 * the limits). What each message asked is kept in `svc.asked`, beside the questions of the answers;
 * after a restart, the answer log knows what a message that was answered asked. (A command or a
 * greeting is not logged: an unchanged edit of one from before a restart is answered once more.)
 */
export function editsOnce(svc: Services, now: () => number): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const msg = personMessage(ctx);
    const addressed = classify(ctx);
    if (!msg || !ctx.chat || !addressed) return next();
    const text = asked(addressed);
    const before = svc.asked.personAsked(ctx.chat.id, msg.message_id);
    svc.asked.notePersonAsked(ctx.chat.id, msg.message_id, text);
    if (ctx.editedMessage) {
      const editedAt = msg.edit_date ?? Math.floor(now() / 1000);
      if (editedAt - msg.date > EDIT_WINDOW_SECONDS || before === text) return;
      if (before === undefined && loggedAsAsked(ctx, svc, msg.message_id, addressed)) return;
    }
    return next();
  };
}
