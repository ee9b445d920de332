// Arabic roots. The light stemmer keeps a word's pattern letters, so it cannot tell that تتركز and
// يتركز, تأسيس and تأسست, زواج and تزوج are the same word: a question often asks with one form and
// the article answers with another. Their root (ركز, اسس, زوج) joins them. Roots are too coarse to
// match by (ركز also gives مركز and تركيز), so they only bridge a question's word to the terms the
// index holds with the same root, which count for a share of the word itself (see the retriever).
import { createRequire } from 'node:module';

/** arabic-stem's stemmer: `stem` gives the candidate roots of a word. */
type RootStemmer = new () => { stem(token: string): { stem: string[] } };
// The package is a UMD bundle without an ESM entry: loaded as CommonJS, its export is the class
// (its typings declare a default export, which TypeScript then reads as a namespace).
const Stemmer = createRequire(import.meta.url)('arabic-stem') as RootStemmer;

/** Only plain Arabic stems of three letters or more have a root worth looking up. */
const ROOTED = /^[\u0621-\u064a]{3,}$/u;

/**
 * The candidate roots of a normalized Arabic stem (تتركز → [ركز]), [] for anything else. The
 * extractor throws on some long words; those have no root here.
 */
export function createRootExtractor(): (stem: string) => string[] {
  const stemmer = new Stemmer();
  return (stem) => {
    if (!ROOTED.test(stem)) return [];
    let roots: string[];
    try {
      roots = stemmer.stem(stem).stem;
    } catch {
      roots = [];
    }
    const weak = initialWaw(stem);
    return weak && !roots.includes(weak) ? [...roots, weak] : roots;
  };
}

/**
 * The root of a word whose first root letter is و where the extractor misses it: the noun of
 * the pattern مِفعال, whose و reads ي (ميلاد of ولد, ميعاد of وعد, ميزان of وزن), and the present
 * of such a verb that keeps it (يولد, توفي). The extractor gives الد for ميلاد and يولد, so
 * "تاريخ ميلاد" never met "ولد في".
 */
function initialWaw(stem: string): string | undefined {
  const m = /^مي(.)ا(.)$/u.exec(stem) ?? /^[يتن]و(.)(.)$/u.exec(stem);
  return m ? `و${m[1]}${m[2]}` : undefined;
}

/** The terms of an index grouped by root, to find the other terms that share a stem's root. */
export class RootIndex {
  private constructor(
    private readonly rootsOf: (stem: string) => string[],
    private readonly byRoot: Map<string, string[]>,
  ) {}

  /** Groups `terms` (an index's vocabulary; anything but plain Arabic stems is left out). */
  static fromTerms(terms: Iterable<string>): RootIndex {
    const rootsOf = createRootExtractor();
    const byRoot = new Map<string, string[]>();
    for (const term of terms) {
      for (const root of rootsOf(term)) {
        const same = byRoot.get(root);
        if (same) same.push(term);
        else byRoot.set(root, [term]);
      }
    }
    return new RootIndex(rootsOf, byRoot);
  }

  /** The terms, other than `stem` itself, that share one of its roots. */
  related(stem: string): Set<string> {
    const out = new Set<string>();
    for (const root of this.rootsOf(stem)) for (const term of this.byRoot.get(root) ?? []) out.add(term);
    out.delete(stem);
    return out;
  }
}
