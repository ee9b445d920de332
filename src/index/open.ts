import path from 'node:path';
import { BM25_FORMAT, Bm25Index, type Hit, type WeightedTerm } from './bm25.js';
import {
  FILES,
  IndexError,
  PIPELINE_VERSION,
  CURRENT,
  checkGeneration,
  locateGeneration,
  readManifest,
  type Manifest,
  vectorFiles,
} from './manifest.js';
import { PassageStore } from './store.js';
import { VectorSearch } from './vector-search.js';

export interface OpenOptions {
  /** The embedder the caller will query with; must be the one the index was built with. */
  embedder: { id: string; dimension: number };
  efSearch: number;
  /** Verify file checksums before loading (default true): hnswlib can crash on a damaged file. */
  verify?: boolean;
  /** Told when CURRENT is lost or damaged and another generation is opened in its place; default stderr. */
  onWarning?: (message: string) => void;
}

/** A complete, read-only index generation: vectors, lexical indexes and passage store. */
export class IncidentIndex {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    readonly vectors: VectorSearch,
    readonly lexical: Bm25Index,
    /** BM25 over whole articles, each labelled by its first passage. */
    readonly articleLexical: Bm25Index,
    readonly store: PassageStore,
  ) {}

  /** The one way to open an index. Throws IndexError (saying to re-run ingestion) on any problem. */
  static open(indexDir: string, opts: OpenOptions): IncidentIndex {
    const located = locateGeneration(indexDir);
    if (!located) {
      throw new IndexError(`There is no index in ${indexDir}. Build one with \`npm run ingest\`.`);
    }
    const { dir, lost } = located;
    if (lost) {
      (opts.onWarning ?? ((m) => console.warn(m)))(
        `${lost}: opening ${path.basename(dir)}, the newest finished generation whose files verify. ` +
          `The next \`npm run ingest\` into ${indexDir} names it in ${CURRENT} again.`,
      );
    }
    const manifest = readManifest(dir);
    const { id, dimension } = opts.embedder;
    if (manifest.embedder.id !== id || manifest.embedder.dimension !== dimension) {
      throw new IndexError(
        `The index in ${indexDir} was built with embedder ${manifest.embedder.id} (dimension ${manifest.embedder.dimension}), ` +
          `but the configured embedder is ${id} (dimension ${dimension}). Re-run \`npm run ingest\` to rebuild it, ` +
          `or set EMBEDDER to match the index.`,
      );
    }
    if (manifest.pipeline !== PIPELINE_VERSION) {
      // Questions are analysed by this version; terms indexed by another would not match them.
      throw new IndexError(
        `The index in ${indexDir} was built by an earlier version of the analysis (${manifest.pipeline}; ` +
          `now ${PIPELINE_VERSION}). Re-run \`npm run ingest\` to rebuild it.`,
      );
    }
    if (manifest.bm25Format !== BM25_FORMAT) {
      // Ingestion rewrites the lexical files of such an index without embedding anything again.
      throw new IndexError(
        `The index in ${indexDir} has lexical files of layout ${manifest.bm25Format}; this version reads ` +
          `layout ${BM25_FORMAT}. Re-run \`npm run ingest\` to update it.`,
      );
    }
    // A generation found in CURRENT's place has just had every file checked.
    if (!lost) checkGeneration(dir, manifest, { hash: opts.verify === false ? 'none' : 'parsed' });
    const files = {
      passages: path.join(dir, FILES.passages),
      lexical: path.join(dir, FILES.lexical),
      articleLexical: path.join(dir, FILES.articleLexical),
    };
    const shardFiles = vectorFiles(dir, manifest.hnsw.shards.length);
    let store: PassageStore | null = null;
    try {
      const lexical = Bm25Index.read(files.lexical);
      const articleLexical = Bm25Index.read(files.articleLexical);
      store = new PassageStore(files.passages, { readonly: true });
      // Each shard loads on its own thread, in parallel; a search waits for its shard to be ready.
      const vectors = new VectorSearch(
        manifest.hnsw.shards.map((s, i) => ({
          file: shardFiles[i]!,
          dimension,
          efSearch: opts.efSearch,
          live: s.count - s.deleted,
        })),
      );
      return new IncidentIndex(dir, manifest, vectors, lexical, articleLexical, store);
    } catch (err) {
      store?.close();
      if (err instanceof IndexError) throw err;
      throw new IndexError(
        `The index in ${dir} cannot be loaded (${(err as Error).message}). Re-run \`npm run ingest\` to rebuild it.`,
      );
    }
  }

  /**
   * Resolves once every vector shard is loaded on its thread (searches wait for this themselves);
   * throws IndexError, saying to re-run ingestion, when one cannot be loaded.
   */
  async ready(): Promise<void> {
    try {
      await this.vectors.ready();
    } catch (err) {
      throw new IndexError(
        `The index in ${this.dir} cannot be loaded (${(err as Error).message}). Re-run \`npm run ingest\` to rebuild it.`,
      );
    }
  }

  get version(): string {
    return this.manifest.generation;
  }

  /** Applies to the dense searches made after it. */
  setEf(ef: number): void {
    this.vectors.setEf(ef);
  }

  /** Nearest passages by cosine similarity (score = 1 − distance), best first. */
  async dense(vector: readonly number[], k: number): Promise<Hit[]> {
    const { labels, distances } = await this.vectors.search(vector, k);
    return labels.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  /** Top passages by BM25 over analysed terms, best first. */
  bm25(terms: readonly WeightedTerm[], k: number): Hit[] {
    return this.lexical.search(terms, k);
  }

  /** Top articles by BM25 over all their passages' terms, best first, each as its first passage's label. */
  articles(terms: readonly WeightedTerm[], k: number): Hit[] {
    return this.articleLexical.search(terms, k);
  }

  async close(): Promise<void> {
    this.store.close();
    await this.vectors.close();
  }
}
