export { openArticleSource, type ArticleSource } from './articles.js';
export { Moderators, ReviewConfigError, Sessions, loadSessionSecret, type Session } from './auth.js';
export { CLI_USAGE, runReviewCli, type Output, type ReviewCliDeps } from './cli.js';
export { csvChunks, jsonlChunks, type ExportFormat } from './export.js';
export { listen, type Listening } from './listen.js';
export { VERDICTS, type Verdict } from './pages.js';
export {
  PAGE_SIZE,
  ReviewQueries,
  parseFilters,
  type ExportRow,
  type Filters,
  type QueueRow,
} from './query.js';
export { createReviewServer, type ReviewApp, type ReviewServerDeps } from './server.js';
