import { Composer, GrammyError, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { Answer } from '../answer/types.js';
import type { Language } from '../corpus/types.js';
import { answerKeyboard } from './callback-data.js';
import { sendAnswerSources } from './callbacks.js';
import { classify, personMessage, questionIn, repliedToBot, sentContent, type Via } from './addressing.js';
import type { Services } from './deps.js';
import { questionLanguage, withoutLinks } from '../text/index.js';
import { messages, personLanguage } from './i18n.js';
import { renderAnswer, renderIntro, renderParagraphs } from './render.js';
import { infoParts } from './info.js';
import { isArabizi, otherLanguage } from './languages.js';
import { mayAsk, senderKey } from './limits.js';
import {
  asksAboutThis,
  asksMore,
  correctionOf,
  isPuzzled,
  isSmallTalk,
  isThanks,
  metaQuestion,
  saysWrong,
  withoutQuestionLabel,
  withoutSignOff,
} from './small-talk.js';
import { sendParts, unwritable } from './send.js';

const TYPING_REFRESH_MS = 4500;

/**
 * How long after a question was answered the same person asking it again in the same chat (the
 * same words, following up on the same thing) is pointed to that answer instead of answered again.
 * A person who thought the bot slow sent the question three or four times, and got as many copies
 * of the same long answer; in a group each took from the bot's 20 messages a minute there.
 */
export const REPEAT_WINDOW_MS = 2 * 60_000;

/**
 * Show "typing…" until `stop` is called; Telegram clears it after ~5 s, so refresh it. Cosmetic: a
 * failure never fails the answer, and is reported once per answer, not at every refresh. A chat or
 * topic that cannot be written to (the person blocked the bot, the forum topic was deleted or
 * closed) ends it without a word: the answer meets the same refusal, which says so once. So does
 * Telegram's "Too Many Requests" (429) after the retries: the chat is in a flood wait, which the
 * answer waits out, and more "typing…" only adds calls to it; warned about, it told a maintainer
 * of nothing to fix at every answer in a busy group.
 */
function startTyping(ctx: Context, svc: Services): () => void {
  let warned = false;
  const send = () => {
    ctx.replyWithChatAction('typing').catch((err: unknown) => {
      if (unwritable(err) || (err instanceof GrammyError && err.error_code === 429)) return stop();
      if (warned) return;
      warned = true;
      svc.logger.warn('typing indicator failed', { update_id: ctx.update.update_id, error: err });
    });
  };
  send();
  const timer = setInterval(send, TYPING_REFRESH_MS);
  const stop = () => clearInterval(timer);
  return stop;
}

/** Write the answer to the log; a failure is reported and the answer goes out regardless. */
function record(ctx: Context, svc: Services, answer: Answer, sentText: string): number | null {
  if (!svc.log || !ctx.from || !ctx.chat) return null;
  const senderChat = personMessage(ctx)?.sender_chat;
  try {
    return svc.log.record({
      chatType: ctx.chat.type,
      chatHash: svc.log.hashChat(ctx.chat.id),
      userHash: svc.log.hashUser(ctx.from.id),
      // Sent on behalf of a chat: `from` is Telegram's stand-in, shared by every such chat.
      askerChatHash: senderChat ? svc.log.hashChat(senderChat.id) : null,
      language: answer.language,
      question: answer.question,
      follows: answer.follows,
      answerText: sentText,
      abstained: answer.abstained,
      topScore: answer.topScore,
      embedderId: answer.embedderId,
      indexVersion: answer.indexVersion,
      latencyMs: answer.latencyMs,
      citations: answer.citations,
      ...(answer.considered ? { considered: answer.considered } : {}),
      ...(ctx.msg ? { askedWith: { chatId: ctx.chat.id, messageId: ctx.msg.message_id } } : {}),
    });
  } catch (err) {
    svc.logger.error('answer log write failed; answer sent without logging', {
      update_id: ctx.update.update_id,
      error: err,
    });
    return null;
  }
}

/**
 * What the person's message replies to, when that is not one of the bot's messages: the part they
 * quoted, else the whole text or caption of the message; read as a question to the bot would be
 * (a colleague's "@bot what happened…" asks "what happened…").
 */
function repliedText(ctx: Context): string | undefined {
  const msg = personMessage(ctx);
  if (!msg || repliedToBot(ctx)) return undefined;
  const replied = msg.reply_to_message;
  const [text, entities] = msg.quote
    ? [msg.quote.text, msg.quote.entities]
    : replied?.text !== undefined
      ? [replied.text, replied.entities]
      : [replied?.caption, replied?.caption_entities];
  const asked = text === undefined ? '' : questionIn(text, entities ?? [], ctx.me).trim();
  return asked === '' ? undefined : asked;
}

/**
 * Answer one question: check it, ask the core, log, send the parts with buttons under the last.
 * A greeting or thanks on its own gets the bot's introduction, not a search; a question about the
 * bot itself ("what can you do?", "ما هي مصادرك؟") gets what its command says, in its language.
 * A question in reply to someone's message ("@bot who fired them?" under a colleague's report) is
 * read as a follow-up of that message; the bare mention or /ask in reply to it asks the message.
 */
export async function ask(ctx: Context, svc: Services, raw: string, via: Via): Promise<void> {
  const replied = repliedText(ctx);
  const asksReplied = raw.trim() === '' && replied !== undefined;
  const question = withoutSignOff(withoutQuestionLabel(asksReplied ? replied : raw.trim()));
  // Notices follow the language the person wrote in; words they did not write (the message they
  // replied to, or forwarded) say nothing of theirs: Telegram's language code then.
  const theirs = !asksReplied && !personMessage(ctx)?.forward_origin;
  const lang = personLanguage(ctx.from?.language_code, theirs ? question : undefined);
  const t = messages(lang);
  const replyTo = ctx.msg?.message_id;
  if (question === '') {
    // A photo or file captioned with the mention alone ("@bot" under a screenshot of a claim) asks
    // about what it shows: the bot cannot read it, and "write your question with the mention" did
    // not say so.
    const msg = personMessage(ctx);
    const how = via === 'mention' ? 'mention' : 'command';
    const notice = msg && sentContent(msg) ? t.nonText : t.emptyQuestion(how, ctx.me.username);
    await sendParts(ctx, renderParagraphs([notice], lang), { replyTo });
    return;
  }
  const linkless = withoutLinks(question);
  if (linkless !== question && isSmallTalk(linkless)) {
    // A link on its own (a post's t.me address, an article's): the bot cannot open it, and the
    // abstention it got read as if the post's story were not in the articles.
    const said = personLanguage(ctx.from?.language_code, theirs ? linkless.trim() : undefined);
    await sendParts(ctx, renderParagraphs([messages(said).linkOnly], said), { replyTo });
    return;
  }
  if (isSmallTalk(question)) {
    // Thanks come after an answer: the introduction and its examples, again, answered them oddly.
    // So did "👍", "ok" or "تمام" in reply to one of the bot's answers, an acknowledgement: in a
    // group, the introduction was posted under every one.
    // "?" or "🤔" in reply to one is not an acknowledgement: the person is told how to ask about it.
    const said = questionLanguage(question, lang);
    const onAnswer = repliedToBot(ctx) !== undefined;
    const acknowledges = isThanks(question) || (onAnswer && !isPuzzled(question));
    const reply = acknowledges
      ? renderParagraphs([messages(said).welcome], said)
      : onAnswer
        ? renderParagraphs([messages(said).followUpHowTo], said)
        : renderIntro(said);
    await sendParts(ctx, reply, { replyTo });
    return;
  }
  const answerMessage = repliedToBot(ctx);
  if (answerMessage && saysWrong(question)) {
    // Searched as a follow-up, "this is wrong" got the same answer back.
    await saidWrong(ctx, svc, answerMessage.message_id, questionLanguage(question, lang));
    return;
  }
  if (answerMessage && correctionOf(question) !== null) {
    // "This is wrong, it was on the 4th": a correction for the moderators, not a question about the 4th.
    const said = questionLanguage(question, lang);
    await saidWrong(ctx, svc, answerMessage.message_id, said, question);
    return;
  }
  // A reply to one of the bot's answers follows up on what that answer was asked.
  // A question beside someone's message asks about it: "who fired them?", "when was that?" (the
  // mention alone asked nothing, and the question alone was searched without what it was about).
  const repliedTo = repliedToBot(ctx);
  // "What are your sources?" («ما المصدر؟») in reply to an answer asks for that answer's, as /sources
  // in reply does: searched again as a follow-up, it cost a question and sent the answer back. So
  // does "more details" («المزيد»): the cited passages in full are the more the bot has.
  if (
    repliedTo &&
    (metaQuestion(question) === 'sources' || asksMore(question)) &&
    (await sendAnswerSources(ctx, svc, repliedTo.message_id))
  )
    return;
  // A part of the answer quoted in the reply ("who said this?" under one sentence of it) is what the
  // person asks about, rather than the answer's question, which had found other passages. Words of
  // it, not a citation's "[1]".
  const quote = repliedTo ? personMessage(ctx)?.quote?.text.trim() : undefined;
  const quoted = quote !== undefined && (quote.match(/\p{L}+/gu)?.length ?? 0) >= 2 ? quote : undefined;
  const previous =
    ctx.chat && repliedTo
      ? quoted !== undefined
        ? svc.asked.context(quoted)
        : askedIn(svc, ctx.chat.id, repliedTo.message_id)
      : replied !== undefined && !asksReplied
        ? svc.asked.context(replied)
        : undefined;
  const meta = previous === undefined ? metaQuestion(question) : null;
  if (meta) {
    await sendParts(ctx, infoParts(svc, meta, questionLanguage(question), ctx.me.username), { replyTo });
    return;
  }
  if (previous === undefined && asksAboutThis(question)) {
    // "Is this true?" about nothing the bot can see: told how to ask about a post, not abstained on.
    const said = questionLanguage(question, lang);
    await sendParts(ctx, renderParagraphs([messages(said).checkWhat], said), { replyTo });
    return;
  }
  const arabizi = isArabizi(question);
  if (arabizi || otherLanguage(question)) {
    // Read as Arabic (or English), a Persian or Kurdish question was abstained on as if the articles
    // did not cover it. Said in both languages, the person's Telegram language first: one who
    // writes Persian may read either. Arabic in Latin letters is told in Arabic first.
    const arabicFirst = arabizi || personLanguage(ctx.from?.language_code) === 'ar';
    const said: Language[] = arabicFirst ? ['ar', 'en'] : ['en', 'ar'];
    const notice = said.map((l) => (arabizi ? messages(l).arabizi : messages(l).otherLanguage));
    await sendParts(ctx, renderParagraphs(notice, 'en'), { replyTo });
    return;
  }
  const length = [...question].length;
  if (length > svc.config.MAX_QUESTION_CHARS) {
    const max = svc.config.MAX_QUESTION_CHARS;
    // Words the person did not write themselves: how to ask about them instead.
    const notice = asksReplied
      ? t.repliedTooLong(max, length)
      : personMessage(ctx)?.forward_origin
        ? t.forwardedTooLong(max, length)
        : t.tooLong(max, length);
    await sendParts(ctx, renderParagraphs([notice], lang), { replyTo });
    return;
  }
  // The same question again, just answered: pointed to that answer, once; later copies said nothing.
  const asker = senderKey(ctx);
  const repeatKey =
    ctx.chat && asker !== undefined
      ? JSON.stringify([ctx.chat.id, asker, question.toLowerCase().replace(/\s+/g, ' '), previous ?? null])
      : undefined;
  // An edit is answered again (see editsOnce): changed back, the person asks for it in its place.
  const repeated = repeatKey === undefined || ctx.editedMessage ? undefined : svc.answered.get(repeatKey);
  if (repeated) {
    if (repeated.told) return;
    repeated.told = true;
    await sendParts(ctx, renderParagraphs([t.answeredJustNow], lang), { replyTo: repeated.messageId });
    return;
  }
  // Only a question that is searched counts against the person's question limit.
  if (!(await mayAsk(ctx, svc, question))) return;
  const stopTyping = startTyping(ctx, svc);
  let answer: Answer;
  try {
    // The person's language answers a question without letters to tell its own ("2022?").
    answer = await svc.qa.answer(question, { ...(previous ? { previous } : {}), language: lang });
  } finally {
    stopTyping();
  }
  const parts = renderAnswer(answer);
  const sentText = parts.map((p) => p.text).join('\n\n');
  const logged = record(ctx, svc, answer, sentText);
  const hasCitations = !answer.abstained && answer.citations.length > 0;
  const keyboard =
    logged !== null
      ? answerKeyboard({ store: 'log', id: logged }, answer.language, hasCitations)
      : hasCitations && ctx.chat
        ? answerKeyboard(
            {
              store: 'memory',
              id: svc.recent.add({
                chatId: ctx.chat.id,
                language: answer.language,
                citations: answer.citations,
                question,
                ...(answer.follows ? { follows: answer.follows } : {}),
              }),
            },
            answer.language,
            true,
          )
        : undefined;
  const sent: Message.TextMessage[] = [];
  try {
    await sendParts(ctx, parts, { replyTo, keyboard, sent });
    if (repeatKey !== undefined && sent[0]) svc.answered.add(repeatKey, sent[0].message_id);
  } catch (err) {
    if (logged !== null) noteUndelivered(ctx, svc, logged, err, sent.length, parts.length);
    throw err;
  } finally {
    // What did go out is still the answer's: a reply to it follows up on its question. Kept by the
    // chat the messages went to: a group that became a supergroup meanwhile got them there.
    const chatId = sent[0]?.chat.id;
    if (chatId !== undefined) {
      const messageIds = sent.map((m) => m.message_id);
      svc.asked.add(chatId, messageIds, question, answer.follows);
      if (logged !== null) linkMessages(ctx, svc, logged, chatId, messageIds);
    }
  }
}

/** How much of a correction the answer log keeps (a Telegram message holds 4,096 characters). */
export const CORRECTION_MAX_CHARS = 4096;

/**
 * "This is wrong" («هذا خطأ», «غلط») in reply to the answer sent as `answerMessageId`: by the person
 * who asked it, recorded as their 👎, which is what the button does, with their words when they
 * said more (`correction`, kept for the moderators); else they are pointed to the button (only the
 * asker can rate). Either way, in the language they wrote in.
 */
async function saidWrong(
  ctx: Context,
  svc: Services,
  answerMessageId: number,
  lang: Language,
  correction?: string,
): Promise<void> {
  const t = messages(lang);
  const log = svc.log;
  let notice = log ? t.wrongHowTo : t.wrongThanks;
  if (log && ctx.chat && ctx.from) {
    try {
      const id = log.answerAt(ctx.chat.id, answerMessageId);
      const kept =
        correction === undefined ? undefined : [...correction].slice(0, CORRECTION_MAX_CHARS).join('');
      if (id !== undefined && log.setFeedback(id, log.hashUser(ctx.from.id), 'down', kept))
        notice = kept === undefined ? t.wrongNoted : t.correctionNoted;
    } catch (err) {
      svc.logger.warn('answer log: could not record "this is wrong" as a rating', {
        update_id: ctx.update.update_id,
        error: err,
      });
    }
  }
  await sendParts(ctx, renderParagraphs([notice], lang), { replyTo: ctx.msg?.message_id });
}

/**
 * Mark a logged answer that Telegram refused, whole or after `sentParts` of its `parts`, with
 * Telegram's reason: the log kept it as if the person had read it (one who had blocked the bot).
 */
function noteUndelivered(
  ctx: Context,
  svc: Services,
  answerId: number,
  err: unknown,
  sentParts: number,
  parts: number,
): void {
  const reason =
    err instanceof GrammyError ? err.description : err instanceof Error ? err.message : String(err);
  const said = sentParts > 0 ? `${sentParts} of ${parts} messages sent, then: ${reason}` : reason;
  // A network error's message could name the Bot API's address, the token in it.
  const token = svc.config.TELEGRAM_BOT_TOKEN;
  const why = (token ? said.split(token).join('[redacted]') : said).slice(0, 500);
  try {
    svc.log?.markUndelivered(answerId, why);
  } catch (logErr) {
    svc.logger.warn('answer log: could not note that the answer was not delivered', {
      update_id: ctx.update.update_id,
      error: logErr,
    });
  }
}

/**
 * What the bot's answer sent as `messageId` was asked with: from memory, else from the answer log,
 * which keeps it across restarts. A log that cannot be read means the reply is read on its own.
 */
function askedIn(svc: Services, chatId: number, messageId: number): string | undefined {
  const remembered = svc.asked.get(chatId, messageId);
  if (remembered !== undefined || !svc.log) return remembered;
  try {
    const logged = svc.log.askedIn(chatId, messageId);
    return logged && svc.asked.context(logged.question, logged.follows);
  } catch (err) {
    svc.logger.warn('answer log read failed; reply read on its own', { error: err });
    return undefined;
  }
}

/**
 * Log which messages carried the answer, in the chat they were sent to (a supergroup the asking
 * group has just become, see followMigration); a failure is reported, and memory still knows them.
 */
export function linkMessages(
  ctx: Context,
  svc: Services,
  answerId: number,
  chatId: number,
  messageIds: number[],
): void {
  if (!svc.log) return;
  try {
    svc.log.linkMessages(answerId, chatId, messageIds);
  } catch (err) {
    svc.logger.warn('answer log: could not link the answer to its messages', {
      update_id: ctx.update.update_id,
      error: err,
    });
  }
}

/**
 * Text messages addressed to the bot (a caption too) are questions, and so is a question the person
 * edits: it is answered again, in reply to it. Other messages get a short explanation.
 */
export function questions(svc: Services): Composer<Context> {
  const c = new Composer<Context>();
  c.on(['message', 'edited_message'], async (ctx) => {
    const addressed = classify(ctx);
    if (addressed?.kind === 'question') return ask(ctx, svc, addressed.text, addressed.via);
    if (addressed?.kind === 'non-text') {
      const lang = personLanguage(ctx.from?.language_code, ctx.msg.caption);
      await sendParts(ctx, renderParagraphs([messages(lang).nonText], lang), { replyTo: ctx.msg.message_id });
    }
  });
  return c;
}
