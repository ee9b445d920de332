// Arabic/English text analysis: normalisation filters, tokenizer, stemmers, stopwords, language.
// The free functions below hold no caches (Snowball's tables only). For bulk work (indexing) use
// `createAnalyzer()`, whose bounded stem memo makes repeated words nearly free.
import { createAnalyzer, type AnalyzedToken } from './analyzer.js';
import { createArabicStemmer, createEnglishStemmer, type Stemmer } from './stem.js';

export * from './normalize.js';
export * from './tokenize.js';
export * from './stopwords.js';
export * from './language.js';
export * from './links.js';
export * from './courtesy.js';
export * from './plural.js';
export {
  createArabicStemmer,
  createEnglishStemmer,
  memoizeStemmer,
  stripArabicPrefixes,
  type Stemmer,
} from './stem.js';
export { createRootExtractor, RootIndex } from './roots.js';
export { createAnalyzer, type Analyzer, type AnalyzedToken, type AnalyzerOptions } from './analyzer.js';

/** Stem one normalized Arabic token (Light10 prefixes, then Snowball Arabic). Uncached. */
export const stemArabic: Stemmer = createArabicStemmer();

/** Stem one lowercase English token (Snowball English). Uncached. */
export const stemEnglish: Stemmer = createEnglishStemmer();

const uncached = createAnalyzer({ stemCacheSize: 0 });

/** normalize → tokenize → drop stopwords → stem by script. Uncached; see `createAnalyzer`. */
export function tokens(s: string): string[] {
  return uncached.tokens(s);
}

/** `tokens` with each term's normalized surface form and script. Uncached. */
export function analyze(s: string): AnalyzedToken[] {
  return uncached.analyze(s);
}
