/** How precisely an article's publication date is known. */
export type DatePrecision = 'day' | 'month' | 'year' | 'unknown';

export type Language = 'ar' | 'en';

/** One article as loaded from `data/` or a corpus file. `text` is the body exactly as stored. */
export interface Article {
  id: string;
  title: string | null;
  source: string | null;
  /** ISO 8601 date or date-time as given ('2022-01-05', '2022-01', '2018-03-01T10:00:00+02:00'), or null. */
  published: string | null;
  publishedPrecision: DatePrecision;
  url: string | null;
  language: Language;
  /** The body, verbatim (but for a .md/.txt file's CRLF line ends, read as LF): passage offsets index into it. */
  text: string;
  /** Where it came from, for messages: 'data/articles/x.md' or 'corpus.jsonl.gz:123'. */
  origin: string;
}

/** A span of an article body: `text === article.text.slice(start, end)`. */
export interface Passage {
  articleId: string;
  /** 0-based position of the passage within its article. */
  ordinal: number;
  start: number;
  end: number;
  text: string;
}

/** An article that was not loaded, and why. */
export interface Skip {
  origin: string;
  reason: string;
  /**
   * The id of the article it held, as far as it can still be read (a broken front matter's `id:`
   * line, else the file name; a broken JSON line's `"id"`): what ingestion keeps indexed for it.
   */
  id?: string;
  /**
   * `id` is only the file name standing in for an id the file did not show (none could be read, or it
   * has none): a guess, so ingestion also matches the skip by where an article was indexed from.
   */
  idFromName?: true;
  /**
   * A JSONL line that shows no usable id but is an object with a `"text"` string: that body, by which
   * ingestion finds the indexed article the line held (its line number says nothing: lines shift).
   */
  text?: string;
  /** Nothing after this point of its file could be read (a truncated .gz): origin is `file:line`. */
  rest?: boolean;
}
