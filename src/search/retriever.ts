import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { IndexEmbeddings } from '../embed/index.js';
import type { Hit, IncidentIndex, PassageRow } from '../index/index.js';
import type { Lexicon } from './lexicon.js';
import { planQuery, type Concept, type QueryPlan } from './plan.js';

export interface RetrievedPassage {
  row: PassageRow;
  /** Final ranking score. */
  score: number;
  /** Share of the question's concepts (idf-weighted) that the passage contains, 0..1. */
  coverage: number;
  denseRank: number | null;
  bm25Rank: number | null;
  /** Near-duplicates of this passage in other articles (same statement, other outlets). */
  alsoIn: PassageRow[];
}

export interface SearchResult {
  plan: QueryPlan;
  passages: RetrievedPassage[];
}

export interface HybridRetrieverOptions extends BaseRetrieverInput {
  index: IncidentIndex;
  embeddings: IndexEmbeddings;
  lexicon: Lexicon;
  k?: number;
  /** Candidates taken from each of dense and lexical search before fusion. */
  candidates?: number;
}

const RRF_K = 60;
const CONTEXT_WEIGHT = 0.5;
const SHORT_PASSAGE_TERMS = 8;
const DUPLICATE_JACCARD = 0.6;

/**
 * Hybrid retrieval: dense (hnswlib) and lexical (BM25) candidates fused by reciprocal rank,
 * re-ranked by how much of the question each passage covers, with near-duplicate passages
 * collapsed into one result that lists every article carrying it.
 */
export class HybridRetriever extends BaseRetriever {
  override lc_namespace = ['incident-qa', 'retrievers'];
  private readonly index: IncidentIndex;
  private readonly embeddings: IndexEmbeddings;
  private readonly lexicon: Lexicon;
  private readonly k: number;
  private readonly candidates: number;

  constructor(opts: HybridRetrieverOptions) {
    super(opts);
    this.index = opts.index;
    this.embeddings = opts.embeddings;
    this.lexicon = opts.lexicon;
    this.k = opts.k ?? 5;
    this.candidates = opts.candidates ?? 40;
  }

  plan(question: string): QueryPlan {
    return planQuery(question, {
      lexicon: this.lexicon,
      crossLingualDense: this.embeddings.id.startsWith('e5'),
    });
  }

  async search(question: string, k = this.k): Promise<SearchResult> {
    const plan = this.plan(question);
    const bm25 = plan.terms.length ? this.index.bm25(plan.terms, this.candidates) : [];
    const dense = plan.denseText.trim()
      ? this.index.dense(await this.embeddings.embedQuery(plan.denseText), this.candidates)
      : [];
    const fused = fuse(dense, bm25);
    const rows = this.index.store.passages(fused.map((f) => f.label));
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    const idf = (t: string) => this.index.lexical.idf(t);
    const scored: RetrievedPassage[] = [];
    for (const f of fused) {
      const row = byLabel.get(f.label);
      if (!row) continue;
      // A passage is read in its context: a name in the sentence before still counts, at half weight.
      const own = new Set(row.terms.split(' '));
      const around = new Set(
        this.index.store.neighbourTerms(row.articleId, row.ordinal).join(' ').split(' '),
      );
      const coverage =
        CONTEXT_WEIGHT * coverageOf(plan.concepts, new Set([...own, ...around]), idf) +
        (1 - CONTEXT_WEIGHT) * coverageOf(plan.concepts, own, idf);
      scored.push({
        row,
        coverage,
        score: f.score * (0.1 + coverage) ** 2 * informative(own.size),
        denseRank: f.denseRank,
        bm25Rank: f.bm25Rank,
        alsoIn: [],
      });
    }
    scored.sort((a, b) => b.score - a.score);
    return { plan, passages: collapseDuplicates(scored).slice(0, k) };
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { passages } = await this.search(query);
    return passages.map(
      (p) =>
        new Document({
          pageContent: p.row.text,
          id: String(p.row.label),
          metadata: {
            articleId: p.row.articleId,
            start: p.row.start,
            end: p.row.end,
            title: p.row.title,
            source: p.row.source,
            published: p.row.published,
            publishedPrecision: p.row.publishedPrecision,
            url: p.row.url,
            score: p.score,
            coverage: p.coverage,
            alsoIn: p.alsoIn.map((d) => d.articleId),
          },
        }),
    );
  }
}

interface Fused {
  label: number;
  score: number;
  denseRank: number | null;
  bm25Rank: number | null;
}

/**
 * A headline or caption of a few words names a topic but rarely answers anything: such passages
 * are ranked a little lower than full sentences that match as well.
 */
export function informative(terms: number): number {
  return Math.min(1, terms / SHORT_PASSAGE_TERMS) ** 0.5;
}

/** Reciprocal rank fusion of two ranked lists. */
export function fuse(dense: Hit[], bm25: Hit[]): Fused[] {
  const out = new Map<number, Fused>();
  const get = (label: number) => {
    let f = out.get(label);
    if (!f) out.set(label, (f = { label, score: 0, denseRank: null, bm25Rank: null }));
    return f;
  };
  dense.forEach((h, i) => {
    const f = get(h.label);
    f.denseRank = i + 1;
    f.score += 1 / (RRF_K + i + 1);
  });
  bm25.forEach((h, i) => {
    const f = get(h.label);
    f.bm25Rank = i + 1;
    f.score += 1 / (RRF_K + i + 1);
  });
  return [...out.values()].sort((a, b) => b.score - a.score);
}

/** Idf-weighted share of the concepts present; a concept counts by its best-covered form. */
export function coverageOf(
  concepts: readonly Concept[],
  terms: ReadonlySet<string>,
  idf: (t: string) => number,
): number {
  let total = 0;
  let got = 0;
  for (const c of concepts) {
    let best = 0;
    let weight = 0;
    for (const form of c.forms) {
      if (!form.length) continue;
      const present = form.filter((t) => terms.has(t)).length / form.length;
      best = Math.max(best, present);
      weight = Math.max(weight, form.reduce((s, t) => s + idf(t), 0) / form.length);
    }
    total += c.weight * weight;
    got += c.weight * weight * best;
  }
  return total > 0 ? got / total : 0;
}

/**
 * Keeps the best of each group of near-identical passages (Jaccard similarity of their analysed
 * terms); copies in other articles are listed under it as corroboration.
 */
export function collapseDuplicates(ranked: RetrievedPassage[]): RetrievedPassage[] {
  const kept: { p: RetrievedPassage; terms: Set<string> }[] = [];
  for (const p of ranked) {
    const terms = new Set(p.row.terms.split(' ').filter(Boolean));
    const dup = kept.find((k) => jaccard(k.terms, terms) >= DUPLICATE_JACCARD);
    if (!dup) {
      kept.push({ p, terms });
    } else if (
      dup.p.row.articleId !== p.row.articleId &&
      !dup.p.alsoIn.some((a) => a.articleId === p.row.articleId)
    ) {
      dup.p.alsoIn.push(p.row);
    }
  }
  return kept.map((k) => k.p);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}
