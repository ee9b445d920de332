import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import hnswlib from 'hnswlib-node';
import type { Config } from '../config.js';
import { createEmbeddings } from '../embed/index.js';
import { IncidentIndex } from '../index/index.js';
import { vectorFiles } from '../index/manifest.js';
import { loadLexicon } from '../search/lexicon.js';
import { HybridRetriever } from '../search/retriever.js';
import {
  chooseEf,
  mean,
  recallAt,
  summarize,
  timePasses,
  type LatencySummary,
  type Neighbours,
} from './stats.js';

/** 1024 on top of the list: hashed lexical vectors need a high ef (see the report). */
export const EF_VALUES = [16, 32, 64, 128, 256, 512, 1024] as const;
export const RECALL_TARGET = 0.98;
const K = 10;
/**
 * HNSWLib's curve goes further (one graph of everything needs a higher ef than our shards) and in
 * finer steps, a quarter of a doubling each: its recall is matched to ours, and between doublings
 * it jumps by more than RECALL_TOLERANCE (all of ANT: 0.9713 at 256, 0.9857 at 512; ours 0.9806 at 256).
 */
const THEIR_EF_VALUES = Array.from({ length: 33 }, (_, i) => Math.round(16 * 2 ** (i / 4)));
/** Recalls this close count as equal. */
export const RECALL_TOLERANCE = 0.005;
/** hnswlib's efSearch when nobody sets it (HNSWLib leaves it). */
const DEFAULT_EF = 10;

/** Every live vector of the index, read from its shard files, ordered by label. */
function readVectors(index: IncidentIndex): { labels: number[]; vectors: number[][] } {
  const all: [number, number][] = [];
  const points: number[][] = [];
  for (const file of vectorFiles(index.dir, index.manifest.hnsw.shards.length)) {
    const h = new hnswlib.HierarchicalNSW('cosine', index.manifest.embedder.dimension);
    h.readIndexSync(file);
    for (const label of h.getIdsList()) {
      let point: number[];
      try {
        point = h.getPoint(label);
      } catch {
        continue; // deleted
      }
      all.push([label, points.length]);
      points.push(point);
    }
  }
  all.sort((a, b) => a[0] - b[0]);
  return { labels: all.map(([l]) => l), vectors: all.map(([, i]) => points[i]!) };
}

export interface CurvePoint {
  ef: number;
  /** Mean recall@10, tie-aware (see recallAt). */
  recall: number;
  /** Mean recall@10 by label identity only. */
  recallById: number;
  latency: LatencySummary;
}

export interface AnnResult {
  vectors: number;
  dimension: number;
  /** Questions with a non-empty dense text, embedded as the retriever does. */
  queries: number;
  k: number;
  exact: { buildSeconds: number; latency: LatencySummary };
  curve: CurvePoint[];
  chosen: { ef: number; recall: number; reached: boolean; target: number };
  ours: {
    /** IncidentIndex.open with checksum verification (what the product does), and without. */
    openSeconds: number;
    openSecondsNoVerify: number;
    /**
     * At the chosen ef: HNSW search + reading the k passages with their article metadata, timed
     * in the same passes as HNSWLib's search (see timePasses).
     */
    searchWithPassages: LatencySummary;
    /** The same HNSW search returning labels and scores only (no passage text). */
    searchOnly: LatencySummary;
    recall: number;
  };
  langchain: {
    /** HNSWLib.addVectors of the same vectors (same order) with a Document per passage. */
    addSeconds: number;
    saveSeconds: number;
    loadSeconds: number;
    bytes: number;
    /** The ef HNSWLib searches with when left alone (hnswlib's default). */
    defaultEf: number;
    recallAtDefaultEf: number;
    latencyAtDefaultEf: LatencySummary;
    /** Its recall curve, up to the first ef that matches our recall at the chosen ef. */
    curve: CurvePoint[];
    /** The ef of equal recall (or its best, if none matches). */
    ef: number;
    /** similaritySearchVectorWithScore at that ef (set on its underlying index), timed with ours. */
    latency: LatencySummary;
    recall: number;
  };
}

function folderBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
}

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/**
 * HNSW recall and latency against exact search on the index's own vectors, and the same vectors
 * in LangChain's HNSWLib store. Queries are the eval questions' dense text, embedded as the
 * retriever embeds them.
 */
export async function measureAnn(
  config: Config,
  indexDir: string,
  questions: readonly string[],
): Promise<AnnResult> {
  const { embeddings } = await createEmbeddings(config);
  const embedder = { id: embeddings.id, dimension: embeddings.dimension };
  let t0 = performance.now();
  const noVerify = IncidentIndex.open(indexDir, { embedder, efSearch: config.HNSW_EF_SEARCH, verify: false });
  await noVerify.ready();
  const openSecondsNoVerify = (performance.now() - t0) / 1000;
  await noVerify.close();
  t0 = performance.now();
  const index = IncidentIndex.open(indexDir, { embedder, efSearch: config.HNSW_EF_SEARCH });
  await index.ready();
  const openSeconds = (performance.now() - t0) / 1000;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hnswlib-'));
  try {
    const dim = embeddings.dimension;
    const { labels, vectors } = readVectors(index);
    const k = Math.min(K, labels.length);

    const retriever = new HybridRetriever({ index, embeddings, lexicon: loadLexicon(config.LEXICON_PATH) });
    const queries: number[][] = [];
    for (const q of questions) {
      const text = retriever.plan(q).denseText;
      if (!text.trim()) continue;
      const v = await embeddings.embedQuery(text);
      if (norm(v) > 0) queries.push(v);
    }
    if (!queries.length) throw new Error('no question gave a dense query vector');

    t0 = performance.now();
    const exactIndex = new hnswlib.BruteforceSearch('cosine', dim);
    exactIndex.initIndex(labels.length);
    labels.forEach((l, i) => exactIndex.addPoint(vectors[i]!, l));
    const exactBuildSeconds = (performance.now() - t0) / 1000;
    const exact: Neighbours[] = [];
    const exactMs: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      const r = exactIndex.searchKnn(q, k);
      exactMs.push(performance.now() - s);
      exact.push({ labels: r.neighbors, distances: r.distances });
    }

    const measure = async (search: (q: number[]) => Promise<Neighbours>) => {
      const ms: number[] = [];
      const rec: { byId: number; byDistance: number }[] = [];
      for (const [i, q] of queries.entries()) {
        const s = performance.now();
        const r = await search(q);
        ms.push(performance.now() - s);
        rec.push(recallAt(r, exact[i]!));
      }
      return {
        recall: mean(rec.map((r) => r.byDistance)),
        recallById: mean(rec.map((r) => r.byId)),
        latency: summarize(ms),
      };
    };
    const hnsw = (q: number[]): Promise<Neighbours> => index.vectors.search(q, k);
    const curve: CurvePoint[] = [];
    for (const ef of EF_VALUES) {
      index.setEf(ef);
      curve.push({ ef, ...(await measure(hnsw)) });
    }
    const chosen = { ...chooseEf(curve, RECALL_TARGET), target: RECALL_TARGET };
    index.setEf(chosen.ef);
    const oursAtChosen = await measure(hnsw);
    const ourSearch = async (q: number[]) =>
      index.store.passages((await index.dense(q, k)).map((h) => h.label));

    // LangChain's store on the same vectors, in the same order: its document i is our labels[i].
    const rows = index.store.passages(labels);
    if (rows.length !== labels.length) throw new Error('the passage store is missing vectors’ passages');
    const docs = rows.map(
      (r) =>
        new Document({
          pageContent: r.text,
          metadata: {
            label: r.label,
            articleId: r.articleId,
            start: r.start,
            end: r.end,
            title: r.title,
            source: r.source,
            published: r.published,
            url: r.url,
          },
        }),
    );
    t0 = performance.now();
    const built = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dim });
    await built.addVectors(vectors, docs);
    const addSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await built.save(tmp);
    const saveSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const store = await HNSWLib.load(tmp, embeddings);
    const loadSeconds = (performance.now() - t0) / 1000;
    const theirs = async (q: number[]): Promise<Neighbours> => {
      const r = await store.similaritySearchVectorWithScore(q, k);
      return {
        labels: r.map(([d]) => d.metadata.label as number),
        distances: r.map(([, dist]) => dist),
      };
    };
    const theirCurve: CurvePoint[] = [];
    for (const ef of THEIR_EF_VALUES) {
      store.index.setEf(ef);
      theirCurve.push({ ef, ...(await measure(theirs)) });
      if (theirCurve.at(-1)!.recall >= oursAtChosen.recall - RECALL_TOLERANCE) break;
    }
    // Equal recall: the smallest ef at which HNSWLib finds as much as ours at the chosen ef.
    const matched =
      theirCurve.find((c) => c.recall >= oursAtChosen.recall - RECALL_TOLERANCE) ??
      theirCurve.reduce((b, c) => (c.recall > b.recall ? c : b));
    store.index.setEf(DEFAULT_EF);
    const atDefault = await measure(theirs);
    store.index.setEf(matched.ef);
    const [oursMs, oursDenseMs, theirsMs] = await timePasses(queries, [
      ourSearch,
      (q: number[]) => index.dense(q, k),
      theirs,
    ]);

    return {
      vectors: labels.length,
      dimension: dim,
      queries: queries.length,
      k,
      exact: { buildSeconds: exactBuildSeconds, latency: summarize(exactMs) },
      curve,
      chosen,
      ours: {
        openSeconds,
        openSecondsNoVerify,
        searchWithPassages: summarize(oursMs!),
        searchOnly: summarize(oursDenseMs!),
        recall: oursAtChosen.recall,
      },
      langchain: {
        addSeconds,
        saveSeconds,
        loadSeconds,
        bytes: folderBytes(tmp),
        defaultEf: DEFAULT_EF,
        recallAtDefaultEf: atDefault.recall,
        latencyAtDefaultEf: atDefault.latency,
        curve: theirCurve,
        ef: matched.ef,
        latency: summarize(theirsMs!),
        recall: matched.recall,
      },
    };
  } finally {
    await index.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
