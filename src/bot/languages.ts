/**
 * Letters of Persian, Kurdish (Sorani) and Urdu that Arabic does not write (پ ژ ڕ ڵ ۆ ێ ە ۊ ہ ے
 * ں ٹ ڈ ڑ, and چ گ, which Iraqi and Gulf Arabic write in a loanword or two), and the zero-width
 * non-joiner Persian types inside words. Persian ی and ک count only in a text without Arabic's own
 * ي ك ى ة: articles published by sites that type them carry them beside those («الیوم»,
 * «على»), and a passage pasted from one is Arabic.
 */
const OTHER_LETTERS = /[پژڕڵۆێەۊہےںٹڈڑچگ\u200C]/;
const PERSIAN_YEH_KAF = /[یک]/;
const ARABIC_YEH_KAF = /[يكىة]/;

/**
 * Words of Persian and Sorani that Arabic has not (prepositions, "is", "what", "where"…), as people
 * type them (Persian ی and ک).
 */
const OTHER_WORDS = new Set([
  // Persian
  'است',
  'نیست',
  'هست',
  'چه',
  'چی',
  'چرا',
  'کجا',
  'کی',
  'که',
  'کدام',
  'آیا',
  'این',
  'آن',
  'را',
  'از',
  'در',
  'با',
  'برای',
  'شد',
  'بود',
  'کرد',
  'یک',
  'های',
  'می',
  // Sorani
  'لە',
  'بۆ',
  'کێ',
  'چۆن',
  'کوا',
]);

const WORD = /[\p{L}\p{M}\u200C]+/gu;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/**
 * Whether `text` is written in Persian, Kurdish (Sorani) or Urdu rather than Arabic: a third of
 * its words in Arabic script, and at least two, spelt with letters Arabic does not use or are
 * words Arabic does not have. Read as Arabic, such a question was abstained on, in Arabic, as if
 * the articles did not cover it ("در پایگاه العمر چه اتفاقی افتاد؟" asks what happened at al-Omar,
 * which they do). An Arabic question with a dialect's گ or a pasted article's ی stays Arabic.
 */
export function otherArabicScriptLanguage(text: string): boolean {
  const words = (text.match(WORD) ?? []).filter((w) => ARABIC_SCRIPT.test(w));
  const persianKeyboard = !ARABIC_YEH_KAF.test(text);
  const marked = words.filter(
    (w) => OTHER_LETTERS.test(w) || OTHER_WORDS.has(w) || (persianKeyboard && PERSIAN_YEH_KAF.test(w)),
  ).length;
  return marked >= 2 && marked * 3 >= words.length;
}

/**
 * Kurmanji, the Kurdish written in Latin letters in north-eastern Syria: its letters English does
 * not have (ê î û ç ş, and those of the other languages a question may come in), and its short
 * words ("li", "ji", "çi", "kengî"…).
 */
const NOT_ENGLISH_LETTERS = /[êîûçşğıöüéèàâäñß]/i;
const KURMANJI_WORDS = new Set([
  'li',
  'ji',
  'bi',
  'di',
  'ku',
  'ew',
  'ev',
  'çi',
  'kî',
  'bû',
  'hat',
  'hate',
  'heye',
  'kir',
  'ser',
  'çend',
  'kengî',
  'çawa',
  'çima',
  'kîjan',
]);
const LATIN = /\p{Script=Latin}/u;

/**
 * Whether `text` is in a language of Latin letters other than English: half its words, and at
 * least two, spelt with letters English does not use or are Kurmanji's own. Read as English,
 * "Li bingeha El-Omer çi qewimî?" was abstained on as if the articles did not cover al-Omar. An
 * English question naming a place as Kurds spell it ("What happened in Qamişlo?") stays English.
 */
function otherLatinLanguage(text: string): boolean {
  const words = (text.match(WORD) ?? []).filter((w) => LATIN.test(w));
  const marked = words.filter(
    (w) => NOT_ENGLISH_LETTERS.test(w) || KURMANJI_WORDS.has(w.toLowerCase()),
  ).length;
  return marked >= 2 && marked * 2 >= words.length;
}

/** Whether `text` is in neither Arabic nor English (see the two above), so cannot be answered. */
export function otherLanguage(text: string): boolean {
  return otherArabicScriptLanguage(text) || otherLatinLanguage(text);
}

/**
 * Arabic written in Latin letters ("Arabizi"), as many Syrians type it: a digit standing for a
 * letter Latin has not (3 for ع, 7 for ح, 2 for ء, 5 for خ), glued before a letter ("3omar") or
 * after one at a word's end ("embare7"), not in "B52", "MQ9" or "3rd"; and the dialect's short
 * words.
 */
const ARABIZI_DIGIT = /(?:^|\p{L})[23579]\p{L}|\p{L}[2357]$/u;
const ORDINAL = /^\d+(?:st|nd|rd|th)$/i;
const ARABIZI_WORDS = new Set([
  'shu',
  'sho',
  'shou',
  'shoo',
  'sar',
  'sarat',
  'wen',
  'wein',
  'lesh',
  'leish',
  'kif',
  'keef',
  'emta',
  'imta',
  'adesh',
  'addesh',
  'hayda',
  'haida',
  'bel',
  'bil',
  'fi',
  'el',
  'mnih',
  'yalla',
  'akhbar',
]);
const LATIN_WORD = /[\p{L}\p{N}]+/gu;

/**
 * Whether `text` is Arabic in Latin letters: half its words, and at least two, Arabizi's. Read as
 * English, "shu sar bel 3omar?" was abstained on for «shu», «sar» and «bel».
 */
export function isArabizi(text: string): boolean {
  const words = (text.match(LATIN_WORD) ?? []).filter((w) => LATIN.test(w));
  const marked = words.filter(
    (w) => (ARABIZI_DIGIT.test(w) && !ORDINAL.test(w)) || ARABIZI_WORDS.has(w.toLowerCase()),
  ).length;
  return marked >= 2 && marked * 2 >= words.length;
}
