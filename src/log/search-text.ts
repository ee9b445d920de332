import { normalize, stripArabicPrefixes, tokenize } from '../text/index.js';

const ARABIC = /^\p{Script=Arabic}/u;

/**
 * What the answer log's full-text index holds for a text, and what a moderator's search is turned
 * into: the analyser's normalised words (diacritics and tatweel gone, alef, hamza, yeh and teh
 * marbuta forms unified, case folded, Arabic digits made ASCII), each Arabic word without its
 * article and conjunction (الميادين and ميادين, وقاعدة and القاعدة match). SQLite's own tokenizer
 * split words at a shadda (قصّف → قص, فت) and told أمريكية from امريكية.
 */
function words(text: string): string[] {
  return tokenize(normalize(text)).map((w) => (ARABIC.test(w) ? stripArabicPrefixes(w) : w));
}

/** The text as the index stores it: its words, space-separated. */
export function searchText(text: string): string {
  return words(text).join(' ');
}

/**
 * An FTS5 query for answers holding every word of `query`: each word quoted, so no query syntax
 * gets through. Empty when the query has no word (punctuation alone).
 */
export function searchMatch(query: string): string {
  return words(query)
    .map((w) => `"${w.replace(/"/g, '""')}"`)
    .join(' ');
}
