import type { Analyzer } from '../text/index.js';

/**
 * Index terms carry two views of each Arabic word: its stem, which matches inflections, and,
 * marked with this prefix, its normalised surface form, which rewards the exact word (names,
 * which light stemming sometimes cuts too far).
 */
export const SURFACE_PREFIX = '=';

export function surfaceTerm(surface: string): string {
  return SURFACE_PREFIX + surface;
}

/** The analysed terms of a passage as the lexical index stores them. */
export function indexTerms(analyzer: Analyzer, text: string): string[] {
  const out: string[] = [];
  for (const t of analyzer.analyze(text)) {
    out.push(t.stem);
    if (t.script === 'arabic' && t.surface !== t.stem) out.push(surfaceTerm(t.surface));
  }
  return out;
}

/**
 * Every passage is also indexed under its article's opening, marked with this prefix: the first
 * LEAD_FIELD_TERMS stems of the article's first passage, which name what the article is about
 * ("العراق هي دولة…", "قال المرصد السوري…"). A question about a place or person then reaches the
 * passages of an article about it that no longer repeat its name ("عاصمته بغداد").
 */
export const LEAD_PREFIX = '^';
export const LEAD_FIELD_TERMS = 4;

export function leadTerm(stem: string): string {
  return LEAD_PREFIX + stem;
}

/** The stems among stored terms (their surface forms left out), in reading order, at most `limit`. */
export function stemsOf(terms: readonly string[], limit = Infinity): string[] {
  const out: string[] = [];
  for (const t of terms) {
    if (out.length >= limit) break;
    if (!t.startsWith(SURFACE_PREFIX)) out.push(t);
  }
  return out;
}

/** The lead field of an article, from the stored terms of its first passage. */
export function leadField(firstPassageTerms: readonly string[]): string[] {
  return stemsOf(firstPassageTerms, LEAD_FIELD_TERMS).map(leadTerm);
}
