import { Composer, type Context } from 'grammy';
import type { Services } from './deps.js';
import { messages, personLanguage } from './i18n.js';
import { renderAbout, renderArticleList, renderHelp, renderParagraphs } from './render.js';
import { ask } from './questions.js';
import { sendParts } from './send.js';

/** How many articles /sources lists; the rest are counted. */
export const SOURCES_LIST_LIMIT = 50;

/** /start, /help, /sources, /about, /ask; any other command gets a pointer to /help. */
export function commands(svc: Services): Composer<Context> {
  const c = new Composer<Context>();
  const lang = (ctx: Context) => personLanguage(ctx.from?.language_code);

  c.command(['start', 'help'], async (ctx) => {
    await sendParts(ctx, renderHelp(lang(ctx), ctx.me.username, svc.config.MAX_QUESTION_CHARS));
  });

  c.command('sources', async (ctx) => {
    const total = svc.qa.info().articles;
    await sendParts(ctx, renderArticleList(svc.qa.listArticles(SOURCES_LIST_LIMIT), total, lang(ctx)));
  });

  c.command('about', async (ctx) => {
    await sendParts(ctx, renderAbout(svc.qa.info(), lang(ctx)));
  });

  c.command('ask', (ctx) => ask(ctx, svc, ctx.match));

  c.on('message:entities:bot_command', async (ctx) => {
    const l = personLanguage(ctx.from.language_code, ctx.msg.text);
    await sendParts(ctx, renderParagraphs([messages(l).unknownCommand], l), { replyTo: ctx.msg.message_id });
  });
  return c;
}
