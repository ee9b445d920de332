import type { Language } from '../corpus/types.js';
import type { Services } from './deps.js';
import { renderAbout, renderArticleList, renderHelp, type Part } from './render.js';

/** How many articles /sources lists; the rest are counted. */
export const SOURCES_LIST_LIMIT = 50;

/** What the bot says about itself: /help (and /start), /sources, /about. */
export type Info = 'help' | 'sources' | 'about';

/** The parts of `info` in `lang`, for the command or for a question that asks the same. */
export function infoParts(svc: Services, info: Info, lang: Language, botUsername: string): Part[] {
  switch (info) {
    case 'help':
      return renderHelp(lang, botUsername, svc.config.MAX_QUESTION_CHARS);
    case 'sources':
      return renderArticleList(svc.qa.listArticles(SOURCES_LIST_LIMIT), svc.qa.info().articles, lang);
    case 'about':
      return renderAbout(svc.qa.info(), lang);
  }
}
