import fs from 'node:fs';
import { Embeddings } from '@langchain/core/embeddings';
import type { Config } from '../config.js';
import { createEmbeddings, type IndexEmbeddings } from '../embed/index.js';
import { buildIndex } from '../index/index.js';
import { peakRssMiB } from './machine.js';

export interface IngestResult {
  articles: number;
  passages: number;
  skipped: number;
  /** The whole buildIndex call: read, chunk, analyse, embed, store, HNSW, BM25, write, fsync. */
  seconds: number;
  /** Time spent inside the embedder alone. */
  embedSeconds: number;
  passagesPerSecond: number;
  /** Peak RSS of the ingesting process (run alone in a child process). */
  peakRssMiB: number;
  indexBytes: number;
  embedderId: string;
}

/** Passes calls through to an embedder and adds up the time spent in it. */
class TimedEmbeddings extends Embeddings {
  readonly id: string;
  readonly dimension: number;
  ms = 0;

  constructor(private readonly inner: IndexEmbeddings) {
    super({});
    this.id = inner.id;
    this.dimension = inner.dimension;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const t0 = performance.now();
    const out = await this.inner.embedDocuments(texts);
    this.ms += performance.now() - t0;
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

/** A full (not incremental) build of `source` into an empty `indexDir`, measured. */
export async function measureIngest(config: Config, source: string, indexDir: string): Promise<IngestResult> {
  fs.rmSync(indexDir, { recursive: true, force: true });
  const { embeddings } = await createEmbeddings(config);
  const timed = new TimedEmbeddings(embeddings);
  const report = await buildIndex({
    source,
    indexDir,
    embeddings: timed,
    maxArticleBytes: config.MAX_ARTICLE_BYTES,
    hnsw: { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, shards: config.HNSW_SHARDS },
  });
  return {
    articles: report.articles,
    passages: report.passages,
    skipped: report.skipped.length,
    seconds: report.seconds,
    embedSeconds: timed.ms / 1000,
    passagesPerSecond: report.passages / report.seconds,
    peakRssMiB: peakRssMiB(),
    indexBytes: report.indexBytes,
    embedderId: embeddings.id,
  };
}
