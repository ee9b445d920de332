import { normalize, stripArabicPrefixes, tokenize } from '../text/index.js';

const ARABIC = /^\p{Script=Arabic}/u;

/** A hamza on a seat (ؤ, ئ) or on its own (ء): the letters the second spelling of a word leaves out. */
const HAMZA_LETTERS = /[\u0621\u0624\u0626]/g;

/**
 * Set before a spelling of a word that had a hamza in it (a private-use character: no text's word
 * holds it, since the tokenizer splits at it, so a moderator cannot type it, and SQLite's ascii
 * tokenizer keeps it inside the word). Those spellings are kept apart from the words written as
 * they are: ماء's spelling without hamza is ما, and a search for ماء found every answer with ما
 * ("what") in it when the two were one word in the index.
 */
const HAD_HAMZA = '\uE000';

/**
 * A preposition or conjunction written joined to the next word: ب, ل, ك, ف ("with", "for", "like",
 * "so"). stripArabicPrefixes takes the article, and و, but not these alone (بصاروخ, لقاعدة).
 */
const PROCLITIC = /^[\u0628\u0644\u0643\u0641]/;

/** At least this many letters must be left once a proclitic is taken, as stripArabicPrefixes asks of و. */
const MIN_STEM = 3;

/** A word of this many characters or more is searched as the start of a word (rocket: rockets). */
const MIN_PREFIX = 3;

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
 * is a matter of country), شيء and شئ were different words. Without ء, ؤ and ئ both are مسول and
 * شي. Paired word by word when leaving the letters out leaves the words as many (a word of nothing
 * but hamza is no word without it); else no second spellings.
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

/** An Arabic word without a proclitic joined to it, or null when it has none (or too little is left). */
function withoutProclitic(word: string): string | null {
  return PROCLITIC.test(word) && word.length - 1 >= MIN_STEM && ARABIC.test(word) ? word.slice(1) : null;
}

/**
 * The text as the index stores it, space-separated: each word; a word that had a hamza also under
 * HAD_HAMZA, as it is and without the hamza (شيء: شيء, ␀شيء, ␀شي; شئ: شي, ␀شي, ␀ش); and an Arabic
 * word with a proclitic also without it, in the same spellings (بصاروخ: بصاروخ, صاروخ).
 */
export function searchText(text: string): string {
  return spellings(text)
    .flatMap(({ word, bare }) => {
      const forms = bare ? [word, HAD_HAMZA + word, HAD_HAMZA + bare] : [word];
      const stem = withoutProclitic(word);
      if (!stem) return forms;
      const stemBare = bare && withoutProclitic(bare);
      return [...forms, ...(stemBare ? [stem, HAD_HAMZA + stem, HAD_HAMZA + stemBare] : [stem])];
    })
    .join(' ');
}

const quoted = (w: string) => `"${w.replace(/"/g, '""')}"`;

/**
 * A spelling searched for (`mark` set before it), as a word's start when the word is long enough
 * (rocket: rockets, صاروخ: صاروخية); a short one only as itself (us: not use, used).
 */
const term = (w: string, mark = '') => (w.length >= MIN_PREFIX ? `${quoted(mark + w)}*` : quoted(mark + w));

/**
 * An FTS5 query for answers holding every word of `query`, each quoted (so no query syntax gets
 * through), as the start of a word (term), and in another spelling of its hamza:
 *  - a word written without hamza also finds the words whose hamza it leaves out (شي: شيء, شئ;
 *    مسول: مسؤول, مسئول; ما: ماء);
 *  - a word written with one finds it on any seat (مسئول: مسؤول; شيء: شئ), but not a word that
 *    merely lacks it: ماء does not find ما, and, the price of that, شيء does not find شي.
 * Joined prepositions and conjunctions (بصاروخ, لقاعدة) are found from the word alone: searchText
 * indexes the word without them. Empty when the query has no word (punctuation alone).
 */
export function searchMatch(query: string): string {
  return spellings(query)
    .map(({ word, bare }) => {
      if (!ARABIC.test(word)) return term(word);
      const forms = [term(word), term(word, HAD_HAMZA), ...(bare ? [term(bare, HAD_HAMZA)] : [])];
      return `(${forms.join(' OR ')})`;
    })
    .join(' AND ');
}
