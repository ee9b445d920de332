import { normalize, stripArabicPrefixes, tokenize } from '../text/index.js';

const ARABIC = /^\p{Script=Arabic}/u;

/** A hamza on a seat (ؤ, ئ) or on its own (ء): the letters the second spelling of a word leaves out. */
const HAMZA_LETTERS = /[\u0621\u0624\u0626]/g;

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

/**
 * Each word of `text` as `words` gives it, with its spelling without hamza where that differs (or
 * null): the analyser keeps a word's ء and reads ؤ as و and ئ as ي, so مسؤول and مسئول (the seat
 * is a matter of country), شيء and شي (a hamza left out, as people write) were different words.
 * Without ء, ؤ and ئ both are مسول and شي. Paired word by word when leaving the letters out leaves
 * the words as many (a word of nothing but hamza is no word without it); else no second spellings.
 */
function spellings(text: string): { word: string; bare: string | null }[] {
  const plain = words(text);
  const bare = words(text.replace(HAMZA_LETTERS, ''));
  const paired = bare.length === plain.length;
  return plain.map((word, i) => ({
    word,
    bare: paired && bare[i] !== word ? (bare[i] as string) : null,
  }));
}

/** The text as the index stores it: its words, space-separated, each followed by its bare spelling. */
export function searchText(text: string): string {
  return spellings(text)
    .flatMap(({ word, bare }) => (bare ? [word, bare] : [word]))
    .join(' ');
}

const quoted = (w: string) => `"${w.replace(/"/g, '""')}"`;

/**
 * An FTS5 query for answers holding every word of `query`, each in either of its spellings (with
 * or without hamza): each word quoted, so no query syntax gets through. Empty when the query has
 * no word (punctuation alone). An answer indexed before the bare spellings were stored is found by
 * the words as they were.
 */
export function searchMatch(query: string): string {
  return spellings(query)
    .map(({ word, bare }) => (bare ? `(${quoted(word)} OR ${quoted(bare)})` : quoted(word)))
    .join(' AND ');
}
