import Database from 'better-sqlite3';
import type { Article, Passage } from '../corpus/types.js';
import { statementCache } from '../sqlite.js';
import { passageLanguage } from '../text/language.js';

/** An article as stored: everything but where it was loaded from. */
export type ArticleRow = Omit<Article, 'origin'>;

/**
 * One passage with its article's metadata, as search results need it; `language` is the passage's
 * own (passageLanguage): its article's, unless it is written wholly in the other script.
 */
export type PassageRow = Passage & { label: number; terms: string } & Omit<ArticleRow, 'id' | 'text'>;

/** A row as read, its article's language made the passage's own. */
function ownLanguage(row: PassageRow): PassageRow {
  const language = passageLanguage(row.text, row.language);
  return language === row.language ? row : { ...row, language };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  title TEXT, source TEXT, published TEXT, precision TEXT NOT NULL, url TEXT,
  language TEXT NOT NULL, hash TEXT NOT NULL, origin TEXT NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
  label INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles(id),
  ordinal INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
  text TEXT NOT NULL, terms TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
`;

/** An article's metadata columns (title, source, published, precision, url, language), in that order. */
const metadataOf = (a: Article) =>
  [a.title, a.source, a.published, a.publishedPrecision, a.url, a.language] as const;

const PASSAGE_COLUMNS = `p.label, p.article_id AS articleId, p.ordinal, p.start, p.end, p.text, p.terms,
  a.title, a.source, a.published, a.precision AS publishedPrecision, a.url, a.language`;

/** The passage store of one index generation: written once by ingestion, then read-only. */
export class PassageStore {
  readonly db: Database.Database;
  private readonly byLabel: Database.Statement<[number], PassageRow>;
  /** Prepared once per SQL text: preparing is far dearer than running. */
  private readonly stmt: (sql: string) => Database.Statement;

  constructor(file: string, opts: { readonly?: boolean } = {}) {
    this.db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    if (!opts.readonly) this.db.exec(SCHEMA);
    this.stmt = statementCache(this.db);
    this.byLabel = this.db.prepare(
      `SELECT ${PASSAGE_COLUMNS} FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.label = ?`,
    );
  }

  /** Fast, unsafe-on-crash settings for building a generation that is discarded if the run dies. */
  forBuilding(): void {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
  }

  passage(label: number): PassageRow | undefined {
    const row = this.byLabel.get(label);
    return row && ownLanguage(row);
  }

  /** Rows for many labels in one query (in no particular order; missing labels are left out). */
  passages(labels: readonly number[]): PassageRow[] {
    if (!labels.length) return [];
    return (
      this.stmt(
        `SELECT ${PASSAGE_COLUMNS} FROM json_each(?) j
       JOIN passages p ON p.label = j.value JOIN articles a ON a.id = p.article_id`,
      ).all(JSON.stringify(labels)) as PassageRow[]
    ).map(ownLanguage);
  }

  /**
   * Analysed terms of many passages at once, keyed by label, with their article and ordinal (to
   * find a passage's neighbours: the passages of one article hold consecutive labels).
   */
  termsOf(labels: readonly number[]): Map<number, { articleId: string; ordinal: number; terms: string }> {
    const rows = this.stmt(
      `SELECT p.label, p.article_id AS articleId, p.ordinal, p.terms
       FROM json_each(?) j JOIN passages p ON p.label = j.value`,
    ).all(JSON.stringify(labels)) as { label: number; articleId: string; ordinal: number; terms: string }[];
    return new Map(rows.map((r) => [r.label, r]));
  }

  /** The texts of passages by label, in the order given; a label with no passage throws. */
  passageTexts(labels: readonly number[]): string[] {
    if (!labels.length) return [];
    const rows = this.stmt(
      `SELECT p.label, p.text FROM json_each(?) j JOIN passages p ON p.label = j.value`,
    ).all(JSON.stringify(labels)) as { label: number; text: string }[];
    const byLabel = new Map(rows.map((r) => [r.label, r.text]));
    return labels.map((label) => {
      const text = byLabel.get(label);
      if (text === undefined) throw new Error(`no passage ${label} in the store`);
      return text;
    });
  }

  article(id: string): ArticleRow | undefined {
    return this.stmt(
      `SELECT id, title, source, published, precision AS publishedPrecision, url, language, text
         FROM articles WHERE id = ?`,
    ).get(id) as ArticleRow | undefined;
  }

  /** Where each article was read from (a file, or `file:line` of a JSONL source). */
  origins(): { id: string; origin: string }[] {
    return this.stmt('SELECT id, origin FROM articles').all() as { id: string; origin: string }[];
  }

  /** Article metadata, newest first (undated last). */
  listArticles(limit = -1): Omit<ArticleRow, 'text'>[] {
    return this.stmt(
      `SELECT id, title, source, published, precision AS publishedPrecision, url, language
         FROM articles ORDER BY published IS NULL, published DESC, id LIMIT ?`,
    ).all(limit) as Omit<ArticleRow, 'text'>[];
  }

  dateRange(): { earliest: string | null; latest: string | null } {
    return this.stmt(`SELECT MIN(published) AS earliest, MAX(published) AS latest FROM articles`).get() as {
      earliest: string | null;
      latest: string | null;
    };
  }

  /** How many articles are in each language ({ ar: 5, en: 1 }). */
  languages(): Record<string, number> {
    const rows = this.stmt('SELECT language, COUNT(*) AS n FROM articles GROUP BY language').all() as {
      language: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.language, r.n]));
  }

  counts(): { articles: number; passages: number } {
    const a = this.stmt('SELECT COUNT(*) AS n FROM articles').get() as { n: number };
    const p = this.stmt('SELECT COUNT(*) AS n FROM passages').get() as { n: number };
    return { articles: a.n, passages: p.n };
  }

  nextLabel(): number {
    const r = this.stmt('SELECT MAX(label) AS m FROM passages').get() as { m: number | null };
    return (r.m ?? -1) + 1;
  }

  /** The labels of every passage of the articles whose passages these are, each with the one it came from. */
  articlePassages(labels: readonly number[]): { label: number; from: number }[] {
    if (!labels.length) return [];
    return this.stmt(
      `SELECT p.label, j.value AS "from" FROM json_each(?) j
       JOIN passages f ON f.label = j.value JOIN passages p ON p.article_id = f.article_id
       ORDER BY p.label`,
    ).all(JSON.stringify(labels)) as { label: number; from: number }[];
  }

  labelsOf(articleId: string): number[] {
    return (
      this.stmt('SELECT label FROM passages WHERE article_id = ?').all(articleId) as { label: number }[]
    ).map((r) => r.label);
  }

  deleteArticle(articleId: string): void {
    this.stmt('DELETE FROM passages WHERE article_id = ?').run(articleId);
    this.stmt('DELETE FROM articles WHERE id = ?').run(articleId);
  }

  /** Records where an article is now read from (its file renamed, or its JSONL line moved). */
  setOrigin(articleId: string, origin: string): void {
    this.stmt('UPDATE articles SET origin = ? WHERE id = ?').run(origin, articleId);
  }

  /**
   * Writes `a`'s metadata, hash and origin over the stored article of its id when that one's text is
   * `a.text`; returns whether it was (nothing is written otherwise).
   */
  updateMetadata(a: Article, hash: string): boolean {
    const { changes } = this.stmt(
      `UPDATE articles SET title = ?, source = ?, published = ?, precision = ?, url = ?, language = ?,
         hash = ?, origin = ? WHERE id = ? AND text = ?`,
    ).run(...metadataOf(a), hash, a.origin, a.id, a.text);
    return changes === 1;
  }

  /**
   * Gives the stored article `from` the id, metadata, hash and origin of `a`, which has its text: its
   * passages keep their labels, and so their vectors.
   */
  renameArticle(from: string, a: Article, hash: string): void {
    this.stmt(
      `INSERT INTO articles (id, title, source, published, precision, url, language, hash, origin, text)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, text FROM articles WHERE id = ?`,
    ).run(a.id, ...metadataOf(a), hash, a.origin, from);
    this.stmt('UPDATE passages SET article_id = ? WHERE article_id = ?').run(a.id, from);
    this.stmt('DELETE FROM articles WHERE id = ?').run(from);
  }

  /** Every article's id and text. */
  *texts(): IterableIterator<{ id: string; text: string }> {
    yield* this.stmt('SELECT id, text FROM articles').iterate() as IterableIterator<{
      id: string;
      text: string;
    }>;
  }

  insertArticle(a: Article, hash: string): void {
    this.stmt(
      `INSERT INTO articles (id, title, source, published, precision, url, language, hash, origin, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.id, ...metadataOf(a), hash, a.origin, a.text);
  }

  insertPassage(p: {
    label: number;
    articleId: string;
    ordinal: number;
    start: number;
    end: number;
    text: string;
    terms: string;
  }): void {
    this.stmt(
      `INSERT INTO passages (label, article_id, ordinal, start, end, text, terms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.label, p.articleId, p.ordinal, p.start, p.end, p.text, p.terms);
  }

  /**
   * Every live passage's label and analysed terms, with the label and terms of its article's first
   * passage (`first`, `leadTerms`), in label order: what the lexical indexes are built from. An
   * article's passages have consecutive labels.
   */
  *allTerms(): IterableIterator<{ label: number; terms: string; first: number; leadTerms: string | null }> {
    yield* this.stmt(
      `SELECT p.label, p.terms, coalesce(f.label, p.label) AS first, f.terms AS leadTerms FROM passages p
       LEFT JOIN passages f ON f.article_id = p.article_id AND f.ordinal = 0
       ORDER BY p.label`,
    ).iterate() as IterableIterator<{
      label: number;
      terms: string;
      first: number;
      leadTerms: string | null;
    }>;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
