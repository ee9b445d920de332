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
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || LINE_BREAK.test(text[i]!)) {
      if (i > lineStart) chunkParagraph(text, lineStart, i, target, maxChars, out);
      lineStart = i + 1;
    }
  }
  return out;
}

/** The passages of an article, numbered from 0. */
export function passagesOf(article: Article, opts?: ChunkOptions): Passage[] {
  return chunk(article.text, opts).map(({ start, end }, ordinal) => ({
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
