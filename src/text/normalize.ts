// Matching-only normalisation filters, after Lucene's ArabicNormalizer/PersianNormalizer.
// Each filter is a pure string -> string step; `normalize` composes them. Offsets are not preserved,
// so never use the output for display or for slicing the original text.

export type TextFilter = (s: string) => string;

/** Unicode NFKC: folds presentation forms (ﻻ, ﺍ…), full-width Latin, ligatures, superscripts. */
export const nfkc: TextFilter = (s) => s.normalize('NFKC');

/** Harakat, tanween, shadda, sukun (U+064B–065F), superscript alef (U+0670), Quranic marks (U+06D6–06ED). */
export const stripDiacritics: TextFilter = (s) => s.replace(/[\u064B-\u065F\u0670\u06D6-\u06ED]/g, '');

/** Tatweel / kashida (U+0640), a purely typographic stretch. */
export const stripTatweel: TextFilter = (s) => s.replace(/\u0640/g, '');

/** أ إ آ ٱ → ا */
export const unifyAlef: TextFilter = (s) => s.replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627');

/** ؤ → و, ئ → ي; a standalone ء is kept. */
export const unifyHamza: TextFilter = (s) => s.replace(/\u0624/g, '\u0648').replace(/\u0626/g, '\u064A');

/** ى (alef maqsura) and Persian ی → ي */
export const unifyYeh: TextFilter = (s) => s.replace(/[\u0649\u06CC]/g, '\u064A');

/** Persian/Urdu ھ ہ → ه, and teh marbuta ة → ه (writers use them interchangeably at word end). */
export const unifyHeh: TextFilter = (s) => s.replace(/[\u06BE\u06C1\u0629]/g, '\u0647');

/** Persian ک → ك */
export const unifyKaf: TextFilter = (s) => s.replace(/\u06A9/g, '\u0643');

/** Arabic-Indic ٠-٩ (U+0660–0669) and Extended Arabic-Indic ۰-۹ (U+06F0–06F9) → 0-9 */
export const arabicDigitsToAscii: TextFilter = (s) =>
  s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });

/** Locale-independent lowercase (Latin and other cased scripts; Arabic has no case). */
export const lowercase: TextFilter = (s) => s.toLowerCase();

/**
 * The filters of `normalize`, in order. NFKC first so later steps see composed letters; NFKC again last
 * because removing a tatweel or Quranic mark can bring a letter and a combining mark together
 * ("e\u0640\u0301" → "é"), and without it `normalize` would not be idempotent.
 */
export const normalizeFilters: readonly TextFilter[] = [
  nfkc,
  stripDiacritics,
  stripTatweel,
  unifyAlef,
  unifyHamza,
  unifyYeh,
  unifyHeh,
  unifyKaf,
  arabicDigitsToAscii,
  lowercase,
  nfkc,
];

/** Compose filters left to right into one. */
export function composeFilters(filters: readonly TextFilter[]): TextFilter {
  return (s) => filters.reduce((acc, f) => f(acc), s);
}

/** Full matching normalisation (idempotent). Punctuation is left for the tokenizer. */
export const normalize: TextFilter = composeFilters(normalizeFilters);
