import path from 'node:path';
import { FILES, currentGeneration } from '../index/manifest.js';
import { PassageStore } from '../index/store.js';

export interface ArticleSource {
  /** Body of an article in the current index generation, or null (no index, or not in it). */
  articleText(articleId: string): string | null;
  close(): void;
}

/**
 * Article bodies from the current index, opened read-only. CURRENT is read on each lookup, so a
 * re-ingestion while the review page runs is picked up; an index that cannot be read means "no text"
 * (the page then shows the passage as logged), reported once per generation.
 */
export function openArticleSource(
  indexDir: string,
  warn: (message: string) => void = () => {},
): ArticleSource {
  let open: { gen: string; store: PassageStore | null } | null = null;
  const storeFor = (gen: string): PassageStore | null => {
    if (open?.gen === gen) return open.store;
    open?.store?.db.close();
    let store: PassageStore | null = null;
    try {
      store = new PassageStore(path.join(gen, FILES.passages), { readonly: true });
    } catch (err) {
      warn(
        `review: cannot read articles of ${gen} (${(err as Error).message}); citations show the passage alone`,
      );
    }
    open = { gen, store };
    return store;
  };
  return {
    articleText(articleId) {
      let gen: string | null;
      try {
        gen = currentGeneration(indexDir);
      } catch (err) {
        warn(`review: ${(err as Error).message}`);
        return null;
      }
      if (!gen) return null;
      return storeFor(gen)?.article(articleId)?.text ?? null;
    },
    close() {
      open?.store?.db.close();
      open = null;
    },
  };
}
