// Language of a text by script: Arabic-script letters against Latin letters.
const ARABIC_LETTER = /(?=\p{L})\p{Script=Arabic}/gu;
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/gu;

export type Language = 'ar' | 'en';

/** 'ar' when there is at least one Arabic letter and no more Latin letters than Arabic; else 'en'. */
export function detectLanguage(s: string): Language {
  const arabic = s.match(ARABIC_LETTER)?.length ?? 0;
  const latin = s.match(LATIN_LETTER)?.length ?? 0;
  return arabic > 0 && arabic >= latin ? 'ar' : 'en';
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
