/**
 * The lexical index: BM25 over stemmed tokens, kept as flat typed arrays in one binary file
 * so that opening it is a single read and a query touches only the postings of its terms.
 *
 * File layout (little-endian, every section 4-byte aligned):
 *   "BM25" magic, u32 header length, JSON header {version, docs, terms, postings, avgdl, k1, b}
 *   u32 labels[docs]            passage label of each document (dense doc number → label)
 *   u16 lengths[docs]           document length in tokens (capped at 65535)
 *   u32 termOffsets[terms + 1]  postings range of each term
 *   u32 postingDocs[postings]   doc numbers, ascending within a term
 *   u16 postingTfs[postings]    term frequencies
 *   u32 vocabStarts[terms + 1]  where each term starts in the vocabulary text (UTF-16 units)
 *   vocabulary: the sorted terms concatenated, UTF-8
 */
import fs from 'node:fs';

const MAGIC = 'BM25';
const TF_RANGE = 0x10000; // term frequencies are stored in u16
/**
 * 3: each passage also holds its article's lead field (see leadField in terms.ts).
 * 4: a second file, articles.bm25, has one document per article (see ARTICLE_BM25).
 * 5: the same layout; the article index normalises length fully (b 1, was 0.75). Ingestion
 *    rewrites the lexical files of an index at 4 without embedding anything again.
 */
export const BM25_FORMAT = 5;

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.5 };
/**
 * The article-level index: every article one document, of all its passages' terms, labelled by
 * its first passage. Its question words may be spread over several sentences ("العراق…" then
 * "يحده من الجنوب الكويت"), which no single passage holds. Length is normalised fully (b 1): a long
 * news article mentions many things in passing, and at lower b it outranks the article about the
 * question. Arcd dev with all of ANT as distractors, b 0.75 → 1: hit@5 86.1 → 87.0, hit@1 62.6 →
 * 65.1 (65 questions better, 13 worse); arcd dev alone 95.2 → 95.5 and 73.4 → 74.3; seed dev and
 * the seed check set unchanged, seed dev with ANT one near tie from rank 1 to 2 (hit@5 100%). At
 * 0.5 / 0.9: with ANT hit@1 59.2 / 63.9; k1 0.8 to 2.5 finds the gold article in the first five as
 * often (782 to 793 of 925 questions, 787 at 1.2).
 */
export const ARTICLE_BM25: Bm25Params = { k1: 1.2, b: 1 };

interface Header {
  version: number;
  docs: number;
  terms: number;
  postings: number;
  avgdl: number;
  k1: number;
  b: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Hit {
  label: number;
  score: number;
}

/** Accumulates documents in memory, then writes the binary file. */
export class Bm25Builder {
  private readonly labels: number[] = [];
  private readonly lengths: number[] = [];
  // term → [doc·2¹⁶ + tf, …]: one unboxed number per posting, half the memory of [doc, tf] pairs.
  private readonly postings = new Map<string, number[]>();

  add(label: number, terms: readonly string[]): void {
    const doc = this.labels.length;
    this.labels.push(label);
    this.lengths.push(Math.min(terms.length, 0xffff));
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(doc * TF_RANGE + Math.min(n, TF_RANGE - 1));
    }
  }

  get size(): number {
    return this.labels.length;
  }

  toBuffer(params: Bm25Params = DEFAULT_BM25): Buffer {
    return Buffer.concat(this.parts(params));
  }

  /**
   * Writes the file part by part: a whole-file copy of the postings (100+ MiB on all of ANT) would
   * be alive beside the builder at ingestion's memory peak. A write may take only part of what it is
   * given, as it does when the disk fills up part of the way; the rest is written by the next call,
   * which then fails (ENOSPC) if there is still no room. Taken as written, the part's tail had been
   * left out with no error: a disk full while articles.bm25 was written, with room again for the
   * manifest (another program freed some), committed a file 0.6 MiB short whose checksum the
   * manifest vouched for; every search of it failed, and ingestion called the index up to date.
   */
  writeFile(file: string, params: Bm25Params = DEFAULT_BM25): void {
    const fd = fs.openSync(file, 'w');
    try {
      for (const part of this.parts(params)) {
        for (let done = 0; done < part.length;) done += fs.writeSync(fd, part, done, part.length - done);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  private parts(params: Bm25Params): Buffer[] {
    const vocab = [...this.postings.keys()].sort();
    let total = 0;
    for (const t of vocab) total += this.postings.get(t)!.length;
    const docs = this.labels.length;
    const sumLen = this.lengths.reduce((a, b) => a + b, 0);
    const header: Header = {
      version: BM25_FORMAT,
      docs,
      terms: vocab.length,
      postings: total,
      avgdl: docs ? sumLen / docs : 0,
      ...params,
    };
    const labels = Uint32Array.from(this.labels);
    const lengths = Uint16Array.from(this.lengths);
    const offsets = new Uint32Array(vocab.length + 1);
    const pDocs = new Uint32Array(total);
    const pTfs = new Uint16Array(total);
    let p = 0;
    vocab.forEach((t, i) => {
      offsets[i] = p;
      const list = this.postings.get(t)!;
      for (const posting of list) {
        pDocs[p] = Math.floor(posting / TF_RANGE);
        pTfs[p] = posting % TF_RANGE;
        p++;
      }
    });
    offsets[vocab.length] = p;
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const parts: Buffer[] = [Buffer.from(MAGIC, 'ascii'), u32(headerBytes.length), pad(headerBytes)];
    const starts = new Uint32Array(vocab.length + 1);
    vocab.forEach((t, i) => (starts[i + 1] = starts[i]! + t.length));
    for (const arr of [labels, lengths, offsets, pDocs, pTfs, starts]) {
      parts.push(pad(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)));
    }
    parts.push(Buffer.from(vocab.join(''), 'utf8'));
    return parts;
  }
}

/** A loaded lexical index. Queries reuse one score buffer: not safe for concurrent use across threads. */
export class Bm25Index {
  readonly docs: number;
  private readonly header: Header;
  private readonly labels: Uint32Array;
  private readonly lengths: Uint16Array;
  private readonly offsets: Uint32Array;
  private readonly pDocs: Uint32Array;
  private readonly pTfs: Uint16Array;
  /**
   * The sorted terms (UTF-16 order, as written) as one string with start offsets, searched by
   * bisection: nothing per term is built at open, which keeps opening a large index fast.
   */
  private readonly vocab: string;
  private readonly starts: Uint32Array;
  private readonly scores: Float32Array;
  private readonly touched: Uint32Array;

  private constructor(buf: Buffer) {
    if (buf.length < 8 || buf.toString('ascii', 0, 4) !== MAGIC) throw new Error('not a BM25 index file');
    const hlen = buf.readUInt32LE(4);
    let pos = 8;
    const header = JSON.parse(buf.toString('utf8', pos, pos + hlen)) as Header;
    if (header.version !== BM25_FORMAT) {
      throw new Error(
        `its lexical index has layout ${header.version}; this version reads layout ${BM25_FORMAT}`,
      );
    }
    pos += align(hlen);
    // Typed-array views need 4-byte alignment: a large file read has its own buffer at offset 0;
    // anything else is copied once.
    let ab = buf.buffer as ArrayBuffer;
    let base = buf.byteOffset;
    if (base % 4 !== 0) {
      ab = new ArrayBuffer(buf.length);
      new Uint8Array(ab).set(buf);
      base = 0;
    }
    const take = <T>(make: (off: number, n: number) => T, n: number, bytes: number): T => {
      if (pos + n * bytes > buf.length) throw new Error('BM25 index file is truncated');
      const v = make(base + pos, n);
      pos += align(n * bytes);
      return v;
    };
    this.labels = take((o, n) => new Uint32Array(ab, o, n), header.docs, 4);
    this.lengths = take((o, n) => new Uint16Array(ab, o, n), header.docs, 2);
    this.offsets = take((o, n) => new Uint32Array(ab, o, n), header.terms + 1, 4);
    this.pDocs = take((o, n) => new Uint32Array(ab, o, n), header.postings, 4);
    this.pTfs = take((o, n) => new Uint16Array(ab, o, n), header.postings, 2);
    this.starts = take((o, n) => new Uint32Array(ab, o, n), header.terms + 1, 4);
    this.vocab = buf.toString('utf8', pos);
    if (this.vocab.length !== this.starts[header.terms]) {
      throw new Error('BM25 vocabulary does not match its header');
    }
    this.header = header;
    this.docs = header.docs;
    this.scores = new Float32Array(header.docs);
    this.touched = new Uint32Array(header.docs);
  }

  static fromBuffer(buf: Buffer): Bm25Index {
    return new Bm25Index(buf);
  }

  static read(file: string): Bm25Index {
    return new Bm25Index(fs.readFileSync(file));
  }

  /** The first term not before `s` in sorted order (the number of terms when there is none). */
  private lowerBound(s: string): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.vocab.slice(this.starts[mid], this.starts[mid + 1]) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private termIndex(term: string): number | undefined {
    const i = this.lowerBound(term);
    return i + 1 < this.starts.length && this.vocab.slice(this.starts[i], this.starts[i + 1]) === term
      ? i
      : undefined;
  }

  /** The vocabulary, in sorted order. */
  *terms(): Generator<string> {
    for (let i = 0; i + 1 < this.starts.length; i++)
      yield this.vocab.slice(this.starts[i], this.starts[i + 1]);
  }

  /**
   * Whether some term begins with `prefix`: the first term not before it does. It lets a caller
   * spell a word letter by letter and stop where no term goes on.
   */
  hasPrefix(prefix: string): boolean {
    const i = this.lowerBound(prefix);
    return i + 1 < this.starts.length && this.vocab.startsWith(prefix, this.starts[i]);
  }

  /** Document frequency of a term (0 when unknown). */
  df(term: string): number {
    const i = this.termIndex(term);
    return i === undefined ? 0 : this.offsets[i + 1]! - this.offsets[i]!;
  }

  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.docs - df + 0.5) / (df + 0.5));
  }

  /** Top `k` documents by weighted BM25; repeated terms add up their weights. */
  search(query: readonly WeightedTerm[], k: number): Hit[] {
    const { k1, b, avgdl } = this.header;
    const merged = new Map<string, number>();
    for (const q of query) merged.set(q.term, (merged.get(q.term) ?? 0) + q.weight);
    let nTouched = 0;
    const scores = this.scores;
    for (const [term, weight] of merged) {
      const t = this.termIndex(term);
      if (t === undefined || weight <= 0) continue;
      const from = this.offsets[t]!;
      const to = this.offsets[t + 1]!;
      const df = to - from;
      const w = weight * Math.log(1 + (this.docs - df + 0.5) / (df + 0.5));
      for (let p = from; p < to; p++) {
        const d = this.pDocs[p]!;
        const tf = this.pTfs[p]!;
        const norm = k1 * (1 - b + (b * this.lengths[d]!) / avgdl);
        if (scores[d] === 0) this.touched[nTouched++] = d;
        scores[d]! += (w * tf * (k1 + 1)) / (tf + norm);
      }
    }
    const hits = topK(this.touched, nTouched, scores, k).map((d) => ({
      label: this.labels[d]!,
      score: scores[d]!,
    }));
    for (let i = 0; i < nTouched; i++) scores[this.touched[i]!] = 0;
    return hits;
  }
}

/** Indices of the k largest scores among the first n touched docs, best first. */
function topK(touched: Uint32Array, n: number, scores: Float32Array, k: number): number[] {
  if (k <= 0 || n === 0) return [];
  // A small sorted buffer beats a heap for k ≤ a few hundred.
  const best: number[] = [];
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = touched[i]!;
    const s = scores[d]!;
    if (best.length === k && s <= floor) continue;
    let j = best.length;
    while (j > 0 && scores[best[j - 1]!]! < s) j--;
    best.splice(j, 0, d);
    if (best.length > k) best.pop();
    floor = scores[best[best.length - 1]!]!;
  }
  return best;
}

function align(n: number): number {
  return (n + 3) & ~3;
}

function pad(b: Buffer): Buffer {
  const extra = align(b.length) - b.length;
  return extra ? Buffer.concat([b, Buffer.alloc(extra)]) : b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
