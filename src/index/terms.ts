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
