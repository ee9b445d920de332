import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Language } from '../corpus/types.js';
import { createEmbeddings, type IndexEmbeddings } from '../embed/index.js';
import { buildIndex, IncidentIndex, IndexError } from '../index/index.js';
import { CURRENT, completeGenerations } from '../index/manifest.js';
import { loadLexicon, type Lexicon } from '../search/lexicon.js';
import { asksForOthers } from '../search/plan.js';
import { HybridRetriever, TermView, type SearchResult } from '../search/retriever.js';
import { ARTICLES, counted, PASSAGES, tokens, type CountForms } from '../text/index.js';
import { compose, JOIN_SPARE, QUOTED, type ComposeOptions } from './compose.js';
import { formatDate } from './format.js';
import type { Answer, AnswerOptions, ArticleSummary, Citation, CorpusInfo, QA } from './types.js';

export type { Answer, AnswerOptions, Citation, QA, CorpusInfo, ArticleSummary } from './types.js';

/**
 * Minimum share of a question's concepts that the best passage must contain for the bot to
 * answer. Calibrated on the dev sets (see README, "Abstention"): below it, the corpus does not
 * support an answer.
 */
export const DEFAULT_MIN_COVERAGE = 0.25;

export interface QAOptions {
  index: IncidentIndex;
  embeddings: IndexEmbeddings;
  lexicon: Lexicon;
  k?: number;
  minCoverage?: number;
}

/** The question-answering core: retrieval plus composition, behind the `QA` interface. */
export class IncidentQA implements QA {
  readonly retriever: HybridRetriever;
  readonly index: IncidentIndex;
  private readonly coverageNote: Record<Language, string>;

  constructor(private readonly opts: QAOptions) {
    this.index = opts.index;
    this.retriever = new HybridRetriever({
      index: opts.index,
      embeddings: opts.embeddings,
      lexicon: opts.lexicon,
      k: Math.max(opts.k ?? 5, 5),
    });
    this.coverageNote = describeCoverage(opts.index, opts.lexicon);
  }

  async answer(question: string, opts: AnswerOptions = {}): Promise<Answer> {
    const t0 = performance.now();
    const k = this.opts.k ?? 5;
    const previous = opts.previous?.trim() || undefined;
    const language = opts.language;
    const composeOpts: ComposeOptions = {
      lexicon: this.opts.lexicon,
      minCoverage: this.opts.minCoverage ?? DEFAULT_MIN_COVERAGE,
      coverageNote: this.coverageNote,
      maxCitations: k,
      articleText: (id) => this.index.store.article(id)?.text,
      articlePassages: (id) => this.articlePassages(id),
    };
    // "Who else?", «ومين كمان؟»: the earlier question again, less what its answer quoted.
    const shown = previous && asksForOthers(question) ? await this.quotedBy(previous, language) : [];
    const want = k + JOIN_SPARE + shown.length;
    let result = notShown(await this.retriever.search(question, want, { previous, language }), shown);
    let first = compose(result, composeOpts);
    // The best passages' articles do not name what the question asks about; passages that do may
    // rank lower. Search again among those alone, and answer (or abstain) from them if there are
    // any: otherwise the articles do not name it at all, and the abstention stands.
    if (first.unnamed) {
      const naming = notShown(
        await this.retriever.search(question, want, { previous, language, naming: first.unnamed }),
        shown,
      );
      if (naming.passages.length) {
        result = naming;
        first = compose(result, composeOpts);
      }
    }
    // Which names it abstained for is the retrieval's business, not the answer's.
    const { unnamed: _abstainedFor, ...composed } = first;
    return {
      question,
      ...(previous ? { follows: previous } : {}),
      language: result.plan.language,
      ...composed,
      embedderId: this.opts.embeddings.id,
      indexVersion: this.opts.index.version,
      latencyMs: performance.now() - t0,
    };
  }

  /** The passages the answer to `question` quotes, as the person who asked it read them. */
  private async quotedBy(question: string, language: Language | undefined): Promise<Citation[]> {
    const earlier = await this.answer(question, language ? { language } : {});
    return earlier.abstained ? [] : earlier.citations.slice(0, QUOTED);
  }

  /** The analysed terms of each of an article's passages. */
  private articlePassages(articleId: string): TermView[] {
    const store = this.index.store;
    return [...store.termsOf(store.labelsOf(articleId)).values()].map((t) => new TermView(t.terms));
  }

  info(): CorpusInfo {
    const m = this.opts.index.manifest;
    return {
      articles: m.counts.articles,
      passages: m.counts.passages,
      earliest: m.dates.earliest,
      latest: m.dates.latest,
      embedderId: m.embedder.id,
      indexVersion: m.generation,
      builtAt: m.builtAt,
    };
  }

  listArticles(limit?: number): ArticleSummary[] {
    return this.opts.index.store.listArticles(limit);
  }

  close(): Promise<void> {
    return this.opts.index.close();
  }
}

/** A search's passages without those of `shown`, or inside one of them (a quote joins passages). */
function notShown(result: SearchResult, shown: readonly Citation[]): SearchResult {
  if (!shown.length) return result;
  const inShown = (r: { articleId: string; start: number }) =>
    shown.some((c) => c.articleId === r.articleId && r.start >= c.start && r.start < c.end);
  return { ...result, passages: result.passages.filter((p) => !inShown(p.row)) };
}

/** What the corpus holds, as the abstention says it in Arabic (the object of تضم). */
const AR_NEWS_ARTICLES: CountForms = {
  one: 'مقالًا إخباريًا واحدًا',
  two: 'مقالين إخباريين',
  few: '# مقالات إخبارية',
  many: '# مقالًا إخباريًا',
  other: '# مقال إخباري',
};

/**
 * What the corpus holds, as the English abstention says it: Arabic news articles, unless the index
 * counts articles in another language too (an index written before it counted them is taken to hold
 * Arabic ones, as before).
 */
function englishArticles(languages: Readonly<Record<string, number>> | undefined): CountForms {
  if (!languages?.en) return { one: '# Arabic news article', other: '# Arabic news articles' };
  if (!languages.ar) return { one: '# English news article', other: '# English news articles' };
  return { one: '# news article', other: '# news articles in Arabic and English' };
}

/**
 * "What the corpus covers", for abstentions: its size, dates, and the places and groups that
 * the most passages mention (measured from the index, not written by hand).
 */
function describeCoverage(index: IncidentIndex, lexicon: Lexicon): Record<Language, string> {
  const m = index.manifest;
  const scored = lexicon.entries
    .filter((e) => e.type === 'place' || e.type === 'group')
    .map((e) => {
      const stems = tokens(e.ar[0] ?? '');
      const df = stems.length ? Math.min(...stems.map((s) => index.lexical.df(s))) : 0;
      return { e, df };
    })
    .filter((x) => x.df > 0)
    .sort((a, b) => b.df - a.df)
    .slice(0, 6);
  const range = (lang: Language) => {
    const { earliest, latest } = m.dates;
    if (!earliest || !latest) return '';
    const [from, to] = [formatDate(earliest, 'month', lang), formatDate(latest, 'month', lang)];
    return from === to ? from : `${from} – ${to}`;
  };
  const enTopics = scored.map((x) => x.e.en[0]).join(', ');
  const arTopics = scored.map((x) => x.e.ar[0]).join('، ');
  const n = m.counts.articles;
  return {
    en:
      `The collection holds ${counted('en', n, englishArticles(m.languages))}` +
      (range('en') ? ` (${range('en')})` : '') +
      (enTopics ? ` about military incidents, mostly concerning ${enTopics}.` : '.') +
      ' Try asking about a strike, an attack, a base or a statement they report.',
    ar:
      `وتضم المجموعة ${counted('ar', n, AR_NEWS_ARTICLES)}${range('ar') ? ` (${range('ar')})` : ''}` +
      (arTopics ? ` عن حوادث عسكرية، تتناول خصوصًا: ${arTopics}.` : '.') +
      ' جرّب السؤال عن غارة أو هجوم أو قاعدة أو بيان ورد فيها.',
  };
}

export interface OpenQAOptions {
  indexDir?: string;
  /** Progress lines while a first index is built. */
  onProgress?: (line: string) => void;
  /** Build the index from ARTICLES_DIR when there is none (default true). */
  buildIfMissing?: boolean;
}

/** The one way to get a ready QA from config: embedder, index (built on first start), lexicon. */
export async function openQA(config: Config, opts: OpenQAOptions = {}): Promise<IncidentQA> {
  const say = opts.onProgress ?? (() => {});
  const indexDir = opts.indexDir ?? config.INDEX_DIR;
  const { embeddings, reason } = await createEmbeddings(config);
  say(`embedder: ${embeddings.id} (${reason})`);
  const lexicon = loadLexicon(config.LEXICON_PATH);
  const open = () =>
    IncidentIndex.open(indexDir, {
      embedder: { id: embeddings.id, dimension: embeddings.dimension },
      efSearch: config.HNSW_EF_SEARCH,
    });
  let index: IncidentIndex;
  try {
    index = open();
  } catch (err) {
    const missing = err instanceof IndexError && !fs.existsSync(path.join(indexDir, CURRENT));
    if (!missing || opts.buildIfMissing === false) throw err;
    const built = completeGenerations(indexDir);
    if (built.length) {
      // CURRENT was lost, not never written, and no finished generation passed its checks (opening
      // falls back to one that does): building from ARTICLES_DIR would replace an index that may
      // hold another corpus. Only the maintainer knows which source it came from.
      throw new IndexError(
        `${indexDir} has no ${CURRENT} file, and none of its finished generations (${built.join(', ')}) ` +
          'passes its checksums. Rebuild the index with `npm run ingest -- --source PATH --index DIR`.',
      );
    }
    say(`no index in ${indexDir}: building one from ${config.ARTICLES_DIR}`);
    const report = await buildIndex({
      source: config.ARTICLES_DIR,
      indexDir,
      embeddings,
      maxArticleBytes: config.MAX_ARTICLE_BYTES,
      hnsw: { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, shards: config.HNSW_SHARDS },
      onSkip: (s) => say(`skipped ${s.origin}: ${s.reason}`),
    });
    say(
      `index built: ${counted('en', report.articles, ARTICLES)}, ${counted('en', report.passages, PASSAGES)} in ${report.seconds.toFixed(1)} s`,
    );
    index = open();
  }
  try {
    await index.ready();
  } catch (err) {
    await index.close();
    throw err;
  }
  return new IncidentQA({
    index,
    embeddings,
    lexicon,
    k: config.TOP_K,
    minCoverage: config.ABSTAIN_MIN_COVERAGE,
  });
}
