// Language of a text by script: Arabic-script letters against Latin letters.
const ARABIC_LETTER = /^(?=\p{L})\p{Script=Arabic}$/u;
const LATIN_LETTER = /^(?=\p{L})\p{Script=Latin}$/u;

export type Language = 'ar' | 'en';

const OTHER = 0;
const ARABIC = 1;
const LATIN = 2;

function classify(ch: string): number {
  return ARABIC_LETTER.test(ch) ? ARABIC : LATIN_LETTER.test(ch) ? LATIN : OTHER;
}

// Ingestion asks this of every article: the common code points (ASCII, Latin-1/Extended, the
// Arabic block) are looked up in a table made once from the same Unicode classes; others test them.
const TABLE_END = 0x700;
const TABLE = new Uint8Array(TABLE_END);
for (let c = 0; c < TABLE_END; c++) TABLE[c] = classify(String.fromCharCode(c));

/**
 * Arabic-script characters that are not letters: Arabic-Indic digits, ؟ ، ؛ and the like. By script
 * extension: ؟ ، ؛ are of the Common script, used by Arabic (and Syriac, Thaana), and «؟؟؟» had been
 * read as English.
 */
const ARABIC_SCRIPT = /\p{Script_Extensions=Arabic}/u;

/**
 * 'ar' when there is at least one Arabic letter and no more Latin letters than Arabic; 'en' when
 * there are Latin letters. Without letters of either script ("2022?", "٢٠٢٢؟"), an Arabic digit or
 * mark says Arabic; otherwise `fallback` decides (the asker's language, when it is known).
 */
export function detectLanguage(s: string, fallback: Language = 'en'): Language {
  let arabic = 0;
  let latin = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const kind = c < TABLE_END ? TABLE[c] : classify(ch);
    if (kind === ARABIC) arabic++;
    else if (kind === LATIN) latin++;
  }
  if (arabic > 0 || latin > 0) return arabic > 0 && arabic >= latin ? 'ar' : 'en';
  return ARABIC_SCRIPT.test(s) ? 'ar' : fallback;
}

/**
 * The language of one passage of an article written in `article`: the article's, unless the passage
 * has letters of the other script and none of the article's. An article's language is decided by its
 * opening's letters, so one with an English sentence and a shorter Arabic one is English; its Arabic
 * passage had been taken for English with it, and an answer read none of its figures («قُتل 12
 * عنصراً»). A passage with letters of both scripts keeps its article's language: an Arabic article's
 * «رابط يوتيوب:https://t.co/… (@DeirEzzor24) January 5, 2022» is Arabic, though most of its letters
 * are Latin, and so is a sentence that quotes an English phrase or names a place in English.
 */
export function passageLanguage(text: string, article: Language): Language {
  const own = article === 'ar' ? ARABIC : LATIN;
  let other = false;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const kind = c < TABLE_END ? TABLE[c] : classify(ch);
    if (kind === own) return article;
    if (kind !== OTHER) other = true;
  }
  return other ? (article === 'ar' ? 'en' : 'ar') : article;
}

/**
 * A question's language: as detectLanguage, but when it has words of both scripts its first word
 * decides. A person writing Arabic names a place in English, «شو صار بـ Green Village؟», «كم صاروخ
 * ضرب Al-Omar oil field؟», and one writing English names it in Arabic, "What did البنتاغون say?";
 * counting letters had read the first two as English.
 */
export function questionLanguage(s: string, fallback: Language = 'en'): Language {
  const first = /[\p{Script=Arabic}\p{Script=Latin}](?<=\p{L})/u.exec(s)?.[0];
  const other =
    first && (ARABIC_LETTER.test(first) ? /\p{Script=Latin}(?<=\p{L})/u : /\p{Script=Arabic}(?<=\p{L})/u);
  if (first && other && other.test(s)) return ARABIC_LETTER.test(first) ? 'ar' : 'en';
  return detectLanguage(s, fallback);
}

export type Script = 'arabic' | 'latin' | 'digit' | 'other';

/** Script of one token from `tokenize`; its first character decides (a run like "abcكيربي" is rare). */
export function tokenScript(token: string): Script {
  const first = token.codePointAt(0);
  if (first === undefined) return 'other';
  const ch = String.fromCodePoint(first);
  if (/\p{N}/u.test(ch)) return 'digit';
  if (/\p{Script=Arabic}/u.test(ch)) return 'arabic';
  if (/\p{Script=Latin}/u.test(ch)) return 'latin';
  return 'other';
}
