import { openQA } from '../answer/index.js';
import type { Config } from '../config.js';
import { createEmbeddings } from '../embed/index.js';
import { peakRssMiB } from './machine.js';
import { summarize, timeEach, type LatencySummary } from './stats.js';

/** Candidates the retriever takes from each of dense and lexical search (its default). */
const CANDIDATES = 40;

export interface ServeResult {
  efSearch: number;
  queries: number;
  openSeconds: number;
  /** Embed plan.denseText + HNSW search for 40 candidates (the plan itself is made beforehand). */
  dense: LatencySummary;
  /** Plan the query + BM25 search for 40 candidates. */
  lexical: LatencySummary;
  /** HybridRetriever.search: plan, both searches, fusion, coverage re-ranking, de-duplication. */
  hybrid: LatencySummary;
  /** IncidentQA.answer: the whole answer, composition included. */
  answer: LatencySummary;
  /** Peak RSS of the serving process: open, warm-up and every timed query. */
  peakRssMiB: number;
}

/**
 * Opens the index as the product does (openQA), warms up with one untimed pass of whole answers
 * over the questions, then times each kind of query over them, one at a time.
 */
export async function measureServing(
  config: Config,
  indexDir: string,
  questions: readonly string[],
): Promise<ServeResult> {
  const t0 = performance.now();
  const qa = await openQA(config, { indexDir, buildIfMissing: false });
  const openSeconds = (performance.now() - t0) / 1000;
  const { embeddings } = await createEmbeddings(config);
  try {
    const { retriever, index } = qa;
    for (const q of questions) await qa.answer(q);
    const plans = questions.map((q) => retriever.plan(q));
    const dense = await timeEach(plans, async (p) =>
      p.denseText.trim() ? index.dense(await embeddings.embedQuery(p.denseText), CANDIDATES) : [],
    );
    const lexical = await timeEach(questions, (q) => {
      const p = retriever.plan(q);
      return p.terms.length ? index.bm25(p.terms, CANDIDATES) : [];
    });
    const hybrid = await timeEach(questions, (q) => retriever.search(q));
    const answer = await timeEach(questions, (q) => qa.answer(q));
    return {
      efSearch: config.HNSW_EF_SEARCH,
      queries: questions.length,
      openSeconds,
      dense: summarize(dense),
      lexical: summarize(lexical),
      hybrid: summarize(hybrid),
      answer: summarize(answer),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await qa.close();
  }
}
