export { countArticles, distinctSources, duplicateIdReason, loadArticles, type LoadOptions } from './load.js';
export { chunk, passagesOf, type ChunkOptions, type Span } from './chunk.js';
export {
  DatePrecisionSchema,
  FrontMatterSchema,
  IdSchema,
  JsonlRecordSchema,
  LanguageSchema,
  PublishedSchema,
  precisionOf,
  type FrontMatter,
  type JsonlRecord,
} from './schema.js';
export type { Article, DatePrecision, Language, Passage, Skip } from './types.js';
