import { Composer, type Context, type MiddlewareFn } from 'grammy';
import type { User } from 'grammy/types';
import type { AnswerLog, AnswerRecord, Feedback } from '../log/index.js';
import { parseCallbackData } from './callback-data.js';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { linkMessages } from './questions.js';
import type { RecentAnswer } from './recent.js';
import { renderParagraphs, renderSources } from './render.js';
import { answerPress, sendParts } from './send.js';

/**
 * How long after an answer's cited passages were sent a press of its "sources" button is answered
 * with a notice instead of sending them again: a double tap, or two people in a group pressing at
 * about the same time, posted the same long passages twice. Later, they may be far up the chat.
 */
export const PASSAGES_RESENT_AFTER_MS = 2 * 60_000;

/**
 * Record a rating, if the presser may give it: the person who asked; for a question sent on behalf
 * of a chat (an anonymous admin as the group, a message as a channel), an admin of the group the
 * answer is in, asked of Telegram. Which notice the press is answered with.
 */
async function rate(
  ctx: Context & { from: User },
  svc: Services,
  log: AnswerLog,
  rec: AnswerRecord,
  feedback: Feedback,
): Promise<'thanks' | 'notYours' | 'adminsOnly' | 'notLogged'> {
  if (log.setFeedback(rec.id, log.hashUser(ctx.from.id), feedback)) return 'thanks';
  if (rec.askerChatHash === null) return 'notYours';
  let status: string;
  try {
    status = (await ctx.getChatMember(ctx.from.id)).status;
  } catch (err) {
    svc.logger.warn('could not check whether the person rating is an admin of the chat', {
      update_id: ctx.update.update_id,
      error: err,
    });
    return 'notLogged';
  }
  if (status !== 'creator' && status !== 'administrator') return 'adminsOnly';
  return log.setFeedbackAsChatAdmin(rec.id, feedback) ? 'thanks' : 'notLogged';
}

/**
 * Whether the logged answer's passages were sent within PASSAGES_RESENT_AFTER_MS, as the answer log
 * says: memory forgets it at a restart, and a press just after one posted them again. A log that
 * cannot be read says no: they are sent.
 */
function sentLately(svc: Services, answerId: number | undefined): boolean {
  if (answerId === undefined || !svc.log) return false;
  try {
    const at = svc.log.sourcesSentAt(answerId);
    return at !== undefined && svc.now() - at < PASSAGES_RESENT_AFTER_MS;
  } catch (err) {
    svc.logger.warn('answer log: could not read when the passages were sent', { error: err });
    return false;
  }
}

/** Note in the answer log that the answer's passages were sent now; memory knows it regardless. */
function noteSourcesSent(svc: Services, answerId: number): void {
  try {
    svc.log?.markSourcesSent(answerId, svc.now());
  } catch (err) {
    svc.logger.warn('answer log: could not note that the passages were sent', { error: err });
  }
}

/**
 * Send the cited passages of an answer (`shown`, sent as `answerMessage`, logged as `logged`) in
 * reply to `replyTo`, and note that they were: a second press of its "sources" button just after
 * is then told so. The passages belong to the answer: a reply to them follows up on its question,
 * as a reply to the answer does, after a restart too when the answer is logged. By the chat they
 * went to: a press in a group that has become a supergroup sends them there.
 */
export async function sendPassages(
  ctx: Context,
  svc: Services,
  shown: RecentAnswer,
  at: { replyTo: number | undefined; answerMessage: number | undefined; logged: number | undefined },
): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const sent = await sendParts(ctx, renderSources(shown.citations, shown.language), { replyTo: at.replyTo });
  if (at.answerMessage !== undefined) svc.passagesSent.add(`${chatId}:${at.answerMessage}`);
  if (at.logged !== undefined) noteSourcesSent(svc, at.logged);
  const sentTo = sent[0]?.chat.id ?? chatId;
  const messageIds = sent.map((m) => m.message_id);
  svc.asked.add(sentTo, messageIds, shown.question, shown.follows);
  if (at.logged !== undefined) linkMessages(ctx, svc, at.logged, sentTo, messageIds);
}

/**
 * The logged answer the bot sent as `messageId` in the chat, with its citations, if the log has it
 * and it is within retention; a log that cannot be read has none.
 */
export function loggedAnswerAt(
  svc: Services,
  chatId: number,
  messageId: number,
): { id: number; shown: RecentAnswer } | undefined {
  const log = svc.log;
  if (!log) return undefined;
  try {
    const id = log.answerAt(chatId, messageId);
    const rec = id === undefined ? undefined : log.get(id);
    if (!rec || log.isExpired(rec.createdAt, svc.config.LOG_RETENTION_DAYS)) return undefined;
    const shown: RecentAnswer = {
      chatId,
      citations: rec.citations,
      language: rec.language,
      question: rec.question,
      ...(rec.follows ? { follows: rec.follows } : {}),
    };
    return { id: rec.id, shown };
  } catch (err) {
    svc.logger.warn('answer log read failed; /sources lists the articles', { error: err });
    return undefined;
  }
}

/**
 * The cited passages of the logged answer the bot sent as `answerMessage`, sent in reply to the
 * person's message (/sources, or "what are your sources?", in reply to the answer), or that it has
 * none; false when the log does not have that answer.
 */
export async function sendAnswerSources(
  ctx: Context,
  svc: Services,
  answerMessage: number,
): Promise<boolean> {
  const logged = ctx.chat ? loggedAnswerAt(svc, ctx.chat.id, answerMessage) : undefined;
  if (!logged) return false;
  const replyTo = ctx.msg?.message_id;
  if (logged.shown.citations.length === 0) {
    const l = logged.shown.language;
    await sendParts(ctx, renderParagraphs([messages(l).cb.noSources], l), { replyTo });
  } else {
    await sendPassages(ctx, svc, logged.shown, { replyTo, answerMessage, logged: logged.id });
  }
  return true;
}

/** Bounds the supergroups remembered in memory; the answer log keeps every one. */
const MIGRATIONS_KEPT = 1000;

/**
 * Note that the group `from` became the supergroup `to`: in memory, and in the answer log (kept
 * across restarts). A failure to log it is reported; memory still knows.
 */
export function noteMigration(svc: Services, from: number, to: number): void {
  svc.migratedFrom.delete(to);
  svc.migratedFrom.set(to, from);
  if (svc.migratedFrom.size > MIGRATIONS_KEPT) {
    const oldest = svc.migratedFrom.keys().next().value;
    if (oldest !== undefined) svc.migratedFrom.delete(oldest);
  }
  try {
    svc.log?.noteChatMigration(from, to);
  } catch (err) {
    svc.logger.warn('answer log: could not note that a group became a supergroup', { error: err });
  }
}

/**
 * A group that becomes a supergroup gets a new chat id: Telegram says so in both chats
 * (`migrate_to_chat_id` in the group, `migrate_from_chat_id` in the supergroup). Noted, so that the
 * buttons of the answers sent in the group, pressed in the supergroup, are recognised there.
 */
export function chatMigrations(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const msg = ctx.message;
    const chatId = ctx.chat?.id;
    if (msg && chatId !== undefined) {
      if (msg.migrate_to_chat_id !== undefined) noteMigration(svc, chatId, msg.migrate_to_chat_id);
      if (msg.migrate_from_chat_id !== undefined) noteMigration(svc, msg.migrate_from_chat_id, chatId);
    }
    return next();
  };
}

/**
 * 👍 / 👎 / "sources" buttons. The payload is parsed strictly and checked against the log: the
 * answer must exist, belong to this chat, be within retention, and (to rate) have been asked by
 * the person pressing (or, asked on behalf of a chat, be rated by one of the group's admins: see
 * rate). Anything else gets a polite callback answer, never an error. The passages "sources" sends
 * are linked to the answer's question like the answer's own messages.
 */
export function callbacks(svc: Services): Composer<Context> {
  const c = new Composer<Context>();

  c.on('callback_query:data', async (ctx) => {
    const t = messages(personLanguage(ctx.from.language_code)).cb;
    const data = parseCallbackData(ctx.callbackQuery.data);
    const chatId = ctx.chat?.id;
    if (!data || chatId === undefined) return void (await answerPress(ctx, svc.logger, t.invalid));

    let shown: RecentAnswer | undefined;
    if (data.action === 'src' && data.store === 'memory') {
      const wasChat = svc.migratedFrom.get(chatId);
      shown =
        svc.recent.get(data.id, chatId) ??
        (wasChat === undefined ? undefined : svc.recent.get(data.id, wasChat));
      if (!shown) return void (await answerPress(ctx, svc.logger, t.gone));
    } else {
      const log = svc.log;
      const rec = log?.get(data.id);
      if (!log || !rec) return void (await answerPress(ctx, svc.logger, t.gone));
      if (rec.chatHash !== null && !log.chatHashes(chatId).includes(rec.chatHash)) {
        return void (await answerPress(ctx, svc.logger, t.invalid));
      }
      if (log.isExpired(rec.createdAt, svc.config.LOG_RETENTION_DAYS)) {
        return void (await answerPress(ctx, svc.logger, t.stale));
      }
      if (data.action !== 'src') {
        const rated = await rate(ctx, svc, log, rec, data.action);
        // The asker's 👎: what is wrong, said in reply to the answer, is kept with it (saidWrong).
        const down = rated === 'thanks' && data.action === 'down' && rec.askerChatHash === null;
        return void (await answerPress(ctx, svc.logger, down ? t.thanksDown : t[rated]));
      }
      shown = {
        chatId,
        citations: rec.citations,
        language: rec.language,
        question: rec.question,
        ...(rec.follows ? { follows: rec.follows } : {}),
      };
    }
    if (shown.citations.length === 0) return void (await answerPress(ctx, svc.logger, t.noSources));
    // In reply to the answer the button is under: in a group, or under a later answer, the link
    // says which answer these passages are for.
    const replyTo = ctx.callbackQuery.message?.message_id;
    const sentFor = replyTo === undefined ? undefined : `${chatId}:${replyTo}`;
    const logged = data.store === 'log' ? data.id : undefined;
    if ((sentFor !== undefined && svc.passagesSent.has(sentFor)) || sentLately(svc, logged)) {
      return void (await answerPress(ctx, svc.logger, t.sourcesJustSent));
    }
    await answerPress(ctx, svc.logger);
    await sendPassages(ctx, svc, shown, { replyTo, answerMessage: replyTo, logged });
  });

  c.on('callback_query', async (ctx) => {
    await answerPress(ctx, svc.logger, messages(personLanguage(ctx.from.language_code)).cb.invalid);
  });
  return c;
}
