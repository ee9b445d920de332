import type { Context, MiddlewareFn } from 'grammy';
import { classify, repliedToBot } from './addressing.js';
import { sendAnswerSources } from './callbacks.js';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { infoParts, type Info } from './info.js';
import { renderParagraphs } from './render.js';
import { ask } from './questions.js';
import { sendParts } from './send.js';

type Handler = (ctx: Context, rest: string) => Promise<void>;

/** How long after the bot joined a group a "/start" there is taken as the app's, sent on adding it. */
export const JOINED_START_MS = 60_000;

/**
 * /start, /help, /sources, /about, /ask, matched in any case (/Help, as phones capitalise it);
 * any other command gets a pointer to /help. Messages that are not commands pass on. Every reply
 * is a reply to the command, as answers are: in a busy group the link is what tells who asked.
 */
export function commands(svc: Services): MiddlewareFn<Context> {
  const lang = (ctx: Context) => personLanguage(ctx.from?.language_code);
  const replyTo = (ctx: Context) => ({ replyTo: ctx.msg?.message_id });
  const info =
    (which: Info): Handler =>
    async (ctx) => {
      await sendParts(ctx, infoParts(svc, which, lang(ctx), ctx.me.username), replyTo(ctx));
    };
  const handlers: Record<string, Handler> = {
    // Adding the bot to a group from its profile, or by a t.me/…?startgroup link, has the person's
    // app send "/start@bot" there right after: the help then followed the word the group was just
    // given (see joinedGroup), two introductions in a row. /help still answers.
    start: async (ctx, rest) => {
      if (ctx.chat && ctx.chat.type !== 'private' && svc.joined.has(String(ctx.chat.id))) return;
      await info('help')(ctx, rest);
    },
    help: info('help'),
    sources: async (ctx, rest) => {
      // In reply to one of its answers (or its passages), "/sources" asks for that answer's: the
      // list of every article answered it, the passages a button away under the answer.
      const answer = repliedToBot(ctx);
      if (!answer || !(await sendAnswerSources(ctx, svc, answer.message_id)))
        await info('sources')(ctx, rest);
    },
    about: info('about'),
    ask: (ctx, rest) => ask(ctx, svc, rest, 'command'),
  };
  return async (ctx, next) => {
    const addressed = classify(ctx);
    if (addressed?.kind !== 'command') return next();
    const handler = Object.hasOwn(handlers, addressed.name) ? handlers[addressed.name] : undefined;
    if (handler) return handler(ctx, addressed.rest);
    const l = personLanguage(ctx.from?.language_code, addressed.rest);
    await sendParts(ctx, renderParagraphs([messages(l).unknownCommand], l), replyTo(ctx));
  };
}

/** The menu Telegram shows on "/", in English and, for Arabic-speaking people, in Arabic. */
export const COMMAND_MENU = {
  en: [
    { command: 'help', description: 'How to ask, with example questions' },
    { command: 'ask', description: 'Ask a question (in groups)' },
    { command: 'sources', description: 'The articles I answer from' },
    { command: 'about', description: 'The collection: size, dates, index' },
  ],
  ar: [
    { command: 'help', description: 'طريقة السؤال مع أمثلة' },
    { command: 'ask', description: 'اطرح سؤالًا (في المجموعات)' },
    { command: 'sources', description: 'المقالات التي أجيب منها' },
    { command: 'about', description: 'المجموعة: حجمها وتواريخها وفهرسها' },
  ],
} as const;

/**
 * A group that adds the bot is told, once, how to ask it there. It then answered nothing but what
 * was addressed to it (Telegram's privacy mode sends it nothing else), so the first questions
 * typed into the group met silence with no word of why. Noted in `svc.joined`: the "/start" an
 * app sends just after is not answered with the help too.
 */
export function joinedGroup(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const joined = ctx.message?.new_chat_members ?? [];
    if (!joined.some((m) => m.id === ctx.me.id) || !ctx.chat || ctx.chat.type === 'private') return next();
    const lang = personLanguage(ctx.from?.language_code);
    await sendParts(ctx, renderParagraphs([messages(lang).joinedGroup(ctx.me.username)], lang));
    svc.joined.add(String(ctx.chat.id));
  };
}
