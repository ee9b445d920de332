import type { Article, Passage } from './types.js';

export interface ChunkOptions {
  /** Consecutive sentences of a paragraph are grouped while the group stays this short. Default 300. */
  targetChars?: number;
  /** No passage is longer than this; longer sentences are split. Default 500, at least 2. */
  maxChars?: number;
}

export interface Span {
  start: number;
  end: number;
}

const DEFAULT_TARGET = 300;
const DEFAULT_MAX = 500;

const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
const SPACE = /\s/;
// Whitespace plus invisible direction/joiner marks, which carry nothing at a passage's edge.
const TRIMMABLE = /[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;
const TERMINATORS = new Set(['.', '!', '?', '؟', '؛', '…']);
// Closing quotes and brackets stay with the sentence they close.
const CLOSERS = new Set(['”', '"', '»', ')', '’', "'", ']', '›']);
// Where a too-long sentence is best split: after a comma-like pause.
const PAUSES = new Set(['،', ',', '؛', ':', ';']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Cut `text` into passages: one to a few sentences of one paragraph (a newline always ends a passage),
 * at most `maxChars` long, trimmed, with text-free spans dropped. Offsets are JS string indices into `text`.
 */
export function chunk(text: string, opts: ChunkOptions = {}): Span[] {
  const maxChars = opts.maxChars ?? DEFAULT_MAX;
  const targetChars = opts.targetChars ?? DEFAULT_TARGET;
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new RangeError(`maxChars must be an integer of at least 2, got ${maxChars}`);
  }
  if (!Number.isInteger(targetChars) || targetChars < 1) {
    throw new RangeError(`targetChars must be a positive integer, got ${targetChars}`);
  }
  const target = Math.min(targetChars, maxChars);

  const out: Span[] = [];
  eachLine(text, (from, to) => chunkParagraph(text, from, to, target, maxChars, out));
  return out;
}

/** Calls `fn` with the start and end of each line of `text` that is not empty. */
function eachLine(text: string, fn: (start: number, end: number) => void): void {
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || LINE_BREAK.test(text[i]!)) {
      if (i > start) fn(start, i);
      start = i + 1;
    }
  }
}

/**
 * Page furniture a line may be: at most this many words, and not a sentence ("شارك المقال على:",
 * "مقالات ذات صلة:", "آخر الأخبار").
 */
const CHROME_WORDS = 4;
/** At least this many such lines end the article for them to be its page's furniture. */
const CHROME_LINES = 3;

/**
 * Where the page furniture that ends an article's text begins, or the text's length when none does:
 * a run of at least CHROME_LINES short lines that are not sentences (a site's menu, "share this
 * article", "related articles") copied in with the article. Their words are not the article's: a
 * question on the area (مساحة) of Al-Omar oil field was answered from a menu's "آخر الأخبار / مساحة
 * نسوية" ("latest news / women's space"). One short line, or two, is more often the article's own
 * (an agency's name, "فرانس24/ أ ف ب", or a list's last item), as is any line with a figure in it ("46-
 * المغرب (-5)", a ranking), and a subheading has sentences after it.
 * Lines with no letter or digit ("–") neither count nor break the run.
 */
export function trailingChrome(text: string): number {
  let start = text.length;
  let lines = 0;
  let end = text.length;
  while (end > 0) {
    let from = end;
    while (from > 0 && !LINE_BREAK.test(text[from - 1]!)) from--;
    const line = text.slice(from, end).trim();
    if (LETTER_OR_DIGIT.test(line)) {
      if (!isChromeLine(line)) break;
      lines++;
      start = from;
    }
    end = from - 1;
  }
  return lines >= CHROME_LINES ? start : text.length;
}

function isChromeLine(line: string): boolean {
  // A figure makes it a list's item ("46- المغرب (-5)"), which is the article's.
  if (/\p{N}/u.test(line) || line.split(/\s+/u).length > CHROME_WORDS) return false;
  let last = line.length - 1;
  while (last > 0 && CLOSERS.has(line[last]!)) last--;
  return !TERMINATORS.has(line[last]!);
}

/**
 * A line that points to another article: "اقرأ أيضاً: “التحالف الدولي” يقصف مواقع…", "إقرأ أيضا|",
 * "للمزيد - …", "طالع أيضا". Matched with diacritics and tatweel taken out.
 */
const ELSEWHERE =
  /^[\s\p{P}\p{S}]*(?:[اأإ]قر[اأ]\s+(?:[اأ]يضا|المزيد)|(?:طالع|شاهد)\s+[اأ]يضا|للمزيد\s*[-–—:،,|]|read\s+(?:also|more)\b)/iu;
const MARKS = /[\u064B-\u065F\u0670\u0640]/gu;
const CUE_CHARS = 40;

/**
 * The lines of `text` that link to another article (see ELSEWHERE). They are another article's title
 * copied in with the text, not what this one reports. Quoted as its words under its date, one answered
 * "هل قصف التحالف الدولي مواقع للفصائل الموالية لإيران شرقي سوريا؟" with another article's headline.
 * All of ANT has 142 such lines, in 113 articles; ARCD has none.
 */
export function linesElsewhere(text: string): Span[] {
  const out: Span[] = [];
  eachLine(text, (start, end) => {
    // The cue opens the line: its first characters are enough.
    if (ELSEWHERE.test(text.slice(start, Math.min(end, start + CUE_CHARS)).replace(MARKS, ''))) {
      out.push({ start, end });
    }
  });
  return out;
}

/**
 * The passages of an article, numbered from 0: all of its text but the page furniture that ends it
 * (see trailingChrome) and the lines that link to other articles (see linesElsewhere), unless that
 * would leave none.
 */
export function passagesOf(article: Article, opts?: ChunkOptions): Passage[] {
  const spans = chunk(article.text, opts);
  const chrome = trailingChrome(article.text);
  const links = linesElsewhere(article.text);
  const own = spans.filter(
    (s) => s.start < chrome && !links.some((l) => s.start >= l.start && s.start < l.end),
  );
  return (own.length ? own : spans).map(({ start, end }, ordinal) => ({
    articleId: article.id,
    ordinal,
    start,
    end,
    text: article.text.slice(start, end),
  }));
}

function chunkParagraph(text: string, from: number, to: number, target: number, max: number, out: Span[]) {
  const pieces: Span[] = [];
  for (const sentence of sentences(text, from, to)) {
    const s = trim(text, sentence);
    if (s.end - s.start <= max) pieces.push(s);
    else pieces.push(...splitLong(text, s, max));
  }

  let group: Span | null = null;
  for (const piece of pieces) {
    if (!LETTER_OR_DIGIT.test(text.slice(piece.start, piece.end))) continue;
    if (group !== null && piece.end - group.start <= target) {
      group.end = piece.end;
    } else {
      if (group !== null) out.push(group);
      group = { ...piece };
    }
  }
  if (group !== null) out.push(group);
}

/** Sentence spans of one paragraph: a terminator run, then any closers, then whitespace or the end. */
function sentences(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = from;
  let i = from;
  while (i < to) {
    if (!TERMINATORS.has(text[i]!)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && TERMINATORS.has(text[j]!)) j++;
    while (j < to && CLOSERS.has(text[j]!)) j++;
    // Requiring whitespace after keeps "2.5" and "https://t.co/x" whole.
    if (j === to || SPACE.test(text[j]!)) {
      spans.push({ start, end: j });
      start = j;
    }
    i = j;
  }
  if (start < to) spans.push({ start, end: to });
  return spans;
}

function trim(text: string, { start, end }: Span): Span {
  while (start < end && TRIMMABLE.test(text[start]!)) start++;
  while (end > start && TRIMMABLE.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Split a sentence longer than `max` at whitespace, preferring just after a pause in the later half. */
function splitLong(text: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    let lastSpace = -1;
    let lastPause = -1;
    for (let p = start + 1; p <= start + max; p++) {
      if (!SPACE.test(text[p]!)) continue;
      if (!SPACE.test(text[p - 1]!)) lastSpace = p;
      if (PAUSES.has(text[p - 1]!)) lastPause = p;
    }
    let cut: number;
    if (lastPause > start + max / 2) cut = lastPause;
    else if (lastSpace !== -1) cut = lastSpace;
    else {
      // No whitespace in reach (a long URL, say): cut hard, but never between a surrogate pair.
      cut = start + max;
      if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    }
    out.push(trim(text, { start, end: cut }));
    start = trim(text, { start: cut, end: span.end }).start;
  }
  out.push({ start, end: span.end });
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
