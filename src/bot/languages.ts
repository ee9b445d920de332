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
