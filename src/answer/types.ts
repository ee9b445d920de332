import type { Article, DatePrecision, Language } from '../corpus/types.js';

/** Another outlet carrying (nearly) the same passage: corroboration, listed under one citation. */
export interface CorroboratingSource {
  articleId: string;
  source: string | null;
  published: string | null;
  publishedPrecision: DatePrecision;
  url: string | null;
  /** That article's own passage, exactly as it stands there, and its offsets in the body. */
  text: string;
  start: number;
  end: number;
}

/** Who carried a corroborating passage and when: what a person is shown, and what the log keeps. */
export type SourceRef = Pick<
  CorroboratingSource,
  'articleId' | 'source' | 'published' | 'publishedPrecision' | 'url'
>;

export interface Citation {
  /** 1-based number used as [n] in the answer text. */
  n: number;
  articleId: string;
  title: string | null;
  source: string | null;
  published: string | null;
  publishedPrecision: DatePrecision;
  url: string | null;
  /** The passage exactly as it stands in the article body. */
  text: string;
  /** Character offsets of `text` in the article body. */
  start: number;
  end: number;
  /** Retrieval score used for ranking (higher is better). */
  score: number;
  /** Other articles carrying a near-duplicate of this passage. */
  alsoIn: CorroboratingSource[];
}

export interface Answer {
  question: string;
  /** The question this one was read as a follow-up of, if any (AnswerOptions.previous). */
  follows?: string;
  language: Language;
  abstained: boolean;
  /** The answer for a person, plain text, in the question's language; cites as [1]..[n]. */
  text: string;
  citations: Citation[];
  /**
   * With an abstention, the best passages it found and judged too weak: never shown to the person,
   * logged so a moderator can tell a missing article from a missed one.
   */
  considered?: Citation[];
  /** Best fused retrieval score, used for abstention and by moderators. */
  topScore: number;
  embedderId: string;
  indexVersion: string;
  latencyMs: number;
}

/** Facts about the corpus behind the answers, for /about and /sources. */
export interface CorpusInfo {
  articles: number;
  passages: number;
  earliest: string | null;
  latest: string | null;
  embedderId: string;
  indexVersion: string;
  builtAt: string;
}

export type ArticleSummary = Pick<
  Article,
  'id' | 'title' | 'source' | 'published' | 'publishedPrecision' | 'url'
>;

export interface AnswerOptions {
  /** The question this one follows up on (a reply to its answer): "and when was that?". */
  previous?: string;
  /**
   * The asker's language (Telegram's language code), for a question without letters to tell its
   * own ("2022?"); a question's letters, or those of the one it follows, decide otherwise.
   */
  language?: Language;
}

/** What the bot and the command line need from the question-answering core. */
export interface QA {
  answer(question: string, opts?: AnswerOptions): Promise<Answer>;
  info(): CorpusInfo;
  /** Articles in the index, newest first; `limit` defaults to all. */
  listArticles(limit?: number): ArticleSummary[];
  close(): Promise<void>;
}
