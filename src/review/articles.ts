import fs from 'node:fs';
import path from 'node:path';
import { CURRENT, FILES, currentGeneration, locateGeneration } from '../index/manifest.js';
import { PassageStore } from '../index/store.js';

export interface ArticleSource {
  /** Body of an article in the current index generation, or null (no index, or not in it). */
  articleText(articleId: string): string | null;
  /**
   * Why the current index cannot be read (there is none, CURRENT is damaged, the generation it names
   * cannot be opened), or null when it can: then a null `articleText` means the article is not in it.
   */
  problem(): string | null;
  close(): void;
}

/**
 * Article bodies from the current index, opened read-only. CURRENT is read on each lookup, so a
 * re-ingestion while the review page runs is picked up; an index that cannot be read means "no text"
 * (the page then shows the passage as logged, and `problem` says why), reported once per reason.
 */
export function openArticleSource(
  indexDir: string,
  warn: (message: string) => void = () => {},
): ArticleSource {
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };
  let open: { gen: string; store: PassageStore | null; problem: string | null } | null = null;
  type Lookup = { store: PassageStore } | { problem: string; noIndex?: true };
  const storeFor = (gen: string): Lookup => {
    if (open?.gen !== gen) {
      open?.store?.db.close();
      open = { gen, store: null, problem: null };
      try {
        open.store = new PassageStore(path.join(gen, FILES.passages), { readonly: true });
      } catch (err) {
        open.problem = `cannot read articles of ${gen} (${(err as Error).message})`;
      }
    }
    return open.store ? { store: open.store } : { problem: open.problem ?? `cannot read ${gen}` };
  };
  let fallback: ReturnType<typeof locateGeneration> | undefined;
  const current = (): Lookup => {
    let gen: { dir: string; lost: string | null } | null;
    try {
      // A lost or damaged CURRENT falls back to the newest generation that verifies, as the bot does;
      // checked once while CURRENT stays lost (it checksums whole generations), again once it is back.
      const named = namedGeneration(indexDir);
      gen = named ? { dir: named, lost: null } : (fallback ??= locateGeneration(indexDir));
      if (named) fallback = undefined;
    } catch (err) {
      // A damaged CURRENT with nothing to stand in for it (IndexError), or one that cannot be read
      // at all (EACCES, EISDIR…).
      return { problem: (err as Error).message };
    }
    if (!gen) return { problem: `there is no index in ${indexDir} (no ${CURRENT} file)`, noIndex: true };
    if (gen.lost) warnOnce(`review: ${gen.lost}: reading articles from ${path.basename(gen.dir)}`);
    return storeFor(gen.dir);
  };
  /** Says why the index cannot be read, once per reason (not when there is no index at all). */
  const report = (got: Exclude<Lookup, { store: PassageStore }>) => {
    if (!got.noIndex) warnOnce(`review: ${got.problem}; citations show the passage alone`);
  };
  /** The store, or null after reporting why there is none. */
  const usable = (): PassageStore | null => {
    const got = current();
    if ('store' in got) return got.store;
    report(got);
    return null;
  };
  return {
    articleText(articleId) {
      const store = usable();
      if (!store) return null;
      try {
        return store.article(articleId)?.text ?? null;
      } catch (err) {
        // A passage store damaged past its opening: the same as one that cannot be opened.
        if (open?.store === store) {
          open.problem = `cannot read articles of ${open.gen} (${(err as Error).message})`;
          open.store = null;
          store.db.close();
        }
        usable();
        return null;
      }
    },
    problem() {
      const got = current();
      if ('store' in got) return null;
      report(got);
      return got.problem;
    },
    close() {
      open?.store?.db.close();
      open = null;
    },
  };
}

/** The generation CURRENT names, if it names one that is there; null when it is missing or damaged. */
function namedGeneration(indexDir: string): string | null {
  try {
    const named = currentGeneration(indexDir);
    return named && fs.existsSync(named) ? named : null;
  } catch {
    return null;
  }
}
