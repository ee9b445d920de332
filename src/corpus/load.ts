import {
  closeSync,
  createReadStream,
  fstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { isMap, isScalar, parseDocument } from 'yaml';
import { detectLanguage } from '../text/index.js';
import {
  describeIssues,
  FRONT_MATTER_KEYS,
  FrontMatterSchema,
  JSONL_KEYS,
  JsonlRecordSchema,
  precisionOf,
} from './schema.js';
import type { Article, DatePrecision, Language, Skip } from './types.js';

export interface LoadOptions {
  /** Bodies longer than this many UTF-8 bytes are skipped. */
  maxArticleBytes: number;
  /** Called once for every article that is not loaded; loading goes on. */
  onSkip: (skip: Skip) => void;
  /**
   * Yield every article with an id already used, leaving the choice to the caller (ingestion keeps
   * the one already indexed, which may come later). By default the first in path order is kept and
   * the others skipped.
   */
  allowDuplicateIds?: boolean;
  /**
   * Told once per folder of the `.json` files in it, which are not read: an article is a .md/.txt
   * file or a line of a .jsonl file, and a .json one (an article saved as one JSON object) was left
   * out without a word.
   */
  onWarning?: (message: string) => void;
}

const EXPECTED =
  'expected a folder of .md/.txt articles (and .jsonl files), a single .md/.txt file, or a .jsonl / .jsonl.gz file';

/** The article source named does not exist. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/**
 * Stream articles from `source`: a folder (recursively, .md/.txt and .jsonl(.gz) files in path order,
 * README.md ignored), a single .md/.txt file, or a .jsonl file (gzip-compressed or not, detected by
 * its magic bytes).
 * Bad articles are reported through `onSkip` and left out; a missing source throws.
 */
export async function* loadArticles(source: string, opts: LoadOptions): AsyncGenerator<Article> {
  let info: Stats;
  try {
    info = await stat(source);
  } catch (err) {
    // ENOTDIR: a part of the path is a file (a .jsonl named as if it were a folder).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SourceError(`Article source not found: ${source} (${EXPECTED})`, { cause: err });
    }
    throw err;
  }

  const now = Date.now();
  const firstOrigin = new Map<string, string>();
  // Checks every kind of source shares; returns why `article` must be skipped, or null to keep it.
  const rejectReason = (article: Article): string | null => {
    if (article.text.includes('\0')) {
      return 'binary content (NUL characters); only text articles can be loaded';
    }
    const bytes = Buffer.byteLength(article.text, 'utf8');
    if (bytes > opts.maxArticleBytes) {
      return `body is ${bytes} bytes, over the limit of ${opts.maxArticleBytes} (MAX_ARTICLE_BYTES); split the article or raise the limit`;
    }
    if (article.text.trim() === '') return 'empty body: add the article text or remove it';
    const future = futureDate(article.published, now);
    if (future) return future;
    if (opts.allowDuplicateIds) return null;
    const earlier = firstOrigin.get(article.id);
    if (earlier !== undefined) return duplicateIdReason(article.id, earlier);
    firstOrigin.set(article.id, article.origin);
    return null;
  };

  const caps = readCaps(opts.maxArticleBytes);
  let candidates: AsyncGenerator<Article | Skip>;
  if (info.isDirectory()) candidates = readFolder(source, caps, opts.onWarning);
  else if (info.isFile() && isArticleFileName(source)) candidates = readTextArticles([source], caps);
  else if (info.isFile() && isJsonlFileName(source)) candidates = readJsonl(source, caps);
  else throw notReadError(source);

  for await (const read of candidates) {
    const item = withComposedId(read);
    if ('reason' in item) {
      opts.onSkip(item);
      continue;
    }
    const reason = rejectReason(item);
    if (reason === null) yield item;
    else opts.onSkip({ origin: item.origin, reason, id: item.id });
  }
}

/** A day: a date may be this far ahead of this machine's clock (time zones, a clock a little slow). */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Why an article's `published` date cannot be right, or null: it begins after tomorrow. A news
 * article is not published in the future; "2031-05-01" is a typo for 2021 (or a date misread by an
 * export). Indexed, it had been the corpus's latest article, and the span of dates every abstention
 * gives ran to May 2031. Dates long past are accepted: an archive may hold old articles.
 */
function futureDate(published: string | null, now: number): string | null {
  if (published === null) return null;
  const begins = Date.parse(published);
  if (Number.isNaN(begins) || begins <= now + DAY_MS) return null;
  const today = new Date(now).toISOString().slice(0, 10);
  return `published: "${published}" is in the future (today is ${today}); correct the date, or write null when it is unknown`;
}

/**
 * Why `source`, which exists, is not read. A README named on its own had been told "expected … a
 * single .md/.txt file", which it is; a .json file, what an article is instead.
 */
function notReadError(source: string): SourceError {
  const name = path.basename(source);
  const why = /^readme\.(md|txt)$/i.test(name)
    ? 'a README.md or README.txt file is never read as an article (it holds notes about a folder); ' +
      'rename the file to index it'
    : /\.json$/i.test(name)
      ? `a .json file is not read: ${JSON_INSTEAD}`
      : EXPECTED;
  return new SourceError(`Cannot load articles from ${source}: ${why}`);
}

const JSON_INSTEAD =
  "an article is a .md or .txt file, or a line of a .jsonl file (one JSON object per line; an array: jq -c '.[]' FILE)";

/**
 * An id is compared, stored and shown composed (Unicode NFC): "إدلب" written with its hamza apart
 * (NFD, as macOS writes file names) is the same id, not another article that looks the same. Before,
 * the two were both indexed, and a file copied from a Mac had its article removed and embedded anew
 * under the other spelling. Ids already composed, and ASCII ones, are as they were.
 */
function withComposedId<T extends { id?: string }>(item: T): T {
  if (item.id === undefined) return item;
  const id = item.id.normalize('NFC');
  return id === item.id ? item : { ...item, id };
}

/**
 * How long a .md/.txt file or a JSONL line may be to be read whole: longer, it cannot hold a body
 * within the limit, and is skipped unread but for its first bytes (where its id is). A file's body is
 * at most its size, less its front matter (allowed up to FRONT_MATTER_ROOM); JSON writes each byte of
 * a body in at most six ("\u0001"). Neither is ever longer than the longest string V8 can make (2^29 - 24
 * characters), or decoding it would throw: a 600 MB file or line had ended ingestion with a stack
 * trace, and one of 200 MB took 1 GB of memory to be skipped.
 */
interface ReadCaps {
  file: number;
  line: number;
  /** MAX_ARTICLE_BYTES, for the message. */
  limit: number;
}

const FRONT_MATTER_ROOM = 1 << 20;
const LONGEST_STRING = 2 ** 29 - 24;
/** How much of a file or line too long to read is read, to find the id it shows. */
const HEAD_BYTES = 64 << 10;

function readCaps(maxArticleBytes: number): ReadCaps {
  return {
    file: Math.min(maxArticleBytes + FRONT_MATTER_ROOM, LONGEST_STRING),
    line: Math.min(6 * maxArticleBytes + FRONT_MATTER_ROOM, LONGEST_STRING),
    limit: maxArticleBytes,
  };
}

/** Why a file or line of `bytes`, over its cap, is skipped unread. */
function tooLongReason(what: string, bytes: number, cap: number, caps: ReadCaps): string {
  return cap === LONGEST_STRING
    ? `${what} is ${bytes} bytes, more than can be read (${cap}); split the article`
    : `${what} is ${bytes} bytes, far over the limit of ${caps.limit} (MAX_ARTICLE_BYTES) for an article's body; split the article or raise the limit`;
}

/**
 * The sources to read of those given, each file and folder once: a source named twice, or a file or
 * folder inside a folder also given (which reads it: not below a dot folder, and of a kind it reads),
 * is dropped, with which source reads it. Read twice, every article of it was a duplicate of itself,
 * skipped with "give this one a unique id". Paths are compared as real paths; a source that does not
 * exist is kept, for loading to report.
 */
export function distinctSources(sources: readonly string[]): {
  sources: string[];
  dropped: { source: string; readBy: string }[];
} {
  const found = sources.map((source) => {
    try {
      return { source, real: realpathSync(source), folder: statSync(source).isDirectory() };
    } catch {
      return { source, real: null, folder: false };
    }
  });
  const kept: string[] = [];
  const dropped: { source: string; readBy: string }[] = [];
  found.forEach((a, i) => {
    const by = found.find(
      (b, j) =>
        a.real !== null &&
        b.real !== null &&
        (b.real === a.real ? j < i : b.folder && folderReads(b.real, a.real, a.folder)),
    );
    if (by) dropped.push({ source: a.source, readBy: by.source });
    else kept.push(a.source);
  });
  return { sources: kept, dropped };
}

/** Whether loading the folder `dir` reads `p` (a folder or a file below it), both real paths. */
function folderReads(dir: string, p: string, isFolder: boolean): boolean {
  const rel = path.relative(dir, p);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  if (rel.split(path.sep).some((part) => part.startsWith('.'))) return false;
  return isFolder || isArticleFileName(p) || isJsonlFileName(p);
}

/** Why an article whose id `first` already has is skipped. */
export function duplicateIdReason(id: string, first: string): string {
  return `duplicate id "${id}" (first used by ${first}); give it a unique id`;
}

function isArticleFileName(file: string): boolean {
  const name = path.basename(file);
  return /\.(md|txt)$/i.test(name) && !/^readme\.(md|txt)$/i.test(name);
}

function isJsonlFileName(file: string): boolean {
  return /\.jsonl(\.gz)?$/i.test(file);
}

/** A folder's articles: its .md/.txt files and, one after another, its .jsonl(.gz) files' lines. */
async function* readFolder(
  dir: string,
  caps: ReadCaps,
  warn?: (message: string) => void,
): AsyncGenerator<Article | Skip> {
  const json: string[] = [];
  const files = await articleFiles(dir, json);
  if (json.length && warn) {
    const names = json.map((f) => path.relative(dir, f));
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
    warn(
      `${dir}: ${json.length} .json file${json.length > 1 ? 's are' : ' is'} not read (${shown}): ` +
        'an article is a .md or .txt file, or a line of a .jsonl file (one JSON object per line)',
    );
  }
  for (const file of files) {
    if (isJsonlFileName(file)) yield* readJsonl(file, caps);
    else yield* readTextArticles([file], caps);
  }
}

/**
 * The files of a folder that are read, recursively, in path order (dot files and README.md left out);
 * `json` gets the .json files, which are not. A symbolic link to a folder is followed like a folder
 * (`ln -s /mnt/corpus/2023 data/articles/2023` had been left out without a word), unless that folder
 * is read already, through another link or as an ancestor (a link back up would never end): of the
 * ways to it, the first in name order is the one read.
 */
async function articleFiles(dir: string, json: string[] = []): Promise<string[]> {
  const files: string[] = [];
  const folders = new Set<string>();
  const walk = async (d: string): Promise<void> => {
    const real = await realpath(d);
    if (folders.has(real)) return;
    folders.add(real);
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // .git, editor swap files, .DS_Store
      const p = path.join(d, entry.name);
      const linked = entry.isSymbolicLink() ? await stat(p).catch(() => null) : null;
      // A link to nothing (an unmounted drive) is read too, to be skipped with why: left out, the
      // articles indexed from it had been removed without a word.
      const dangling = entry.isSymbolicLink() && linked === null;
      if (entry.isDirectory() || linked?.isDirectory()) await walk(p);
      else if (
        (isArticleFileName(p) || isJsonlFileName(p)) &&
        (entry.isFile() || linked?.isFile() || dangling)
      ) {
        files.push(p);
      } else if (/\.json$/i.test(p)) json.push(p);
    }
  };
  await walk(dir);
  json.sort();
  return files.sort();
}

/**
 * How many items `loadArticles` reads from `source`, each loaded or skipped (for progress and ETA):
 * the files of a folder it reads, each JSONL file's lines that are not blank (and, for a truncated
 * .gz, the one skip that stands for the rest).
 */
export async function countArticles(source: string): Promise<number> {
  const info = await stat(source);
  if (info.isDirectory()) {
    let n = 0;
    for (const file of await articleFiles(source)) n += isJsonlFileName(file) ? await countLines(file) : 1;
    return n;
  }
  if (info.isFile() && isArticleFileName(source)) return 1;
  if (info.isFile() && isJsonlFileName(source)) return countLines(source);
  throw notReadError(source);
}

async function countLines(file: string): Promise<number> {
  if (!(await stat(file).catch(() => null))) return 1; // a link to nothing: one skip
  const decoder = new TextDecoder();
  let n = 0;
  try {
    // A line too long to read is one item all the same (readJsonl skips it): it is not kept whole.
    for await (const bytes of jsonlByteLines(file, FRONT_MATTER_ROOM)) {
      if (!Buffer.isBuffer(bytes)) {
        n++;
        continue;
      }
      // Blank as readJsonl sees it: only whitespace (decoded only when a byte is not ASCII).
      const i = bytes.findIndex((b) => b !== 0x20 && (b < 0x09 || b > 0x0d));
      if (i !== -1 && (bytes[i]! < 0x80 || decoder.decode(bytes).trim() !== '')) {
        // A file of one JSON value over many lines is one item: readJsonl skips it whole.
        if (n === 0 && OPENS_JSON_VALUE.test(decoder.decode(bytes).replace(/^\uFEFF/, ''))) return 1;
        n++;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('Z_')) throw err;
    n++;
  }
  return n;
}

async function* readTextArticles(files: readonly string[], caps: ReadCaps): AsyncGenerator<Article | Skip> {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (const file of files) {
    let bytes: Buffer;
    try {
      const read = readCapped(file, caps.file);
      if ('size' in read) {
        yield {
          origin: file,
          reason: tooLongReason('the file', read.size, caps.file, caps),
          ...idOfBrokenFile(new TextDecoder().decode(read.head), file),
        };
        continue;
      }
      bytes = read.bytes;
    } catch (err) {
      // One file that cannot be read (permissions, gone since the folder was listed) is skipped, not fatal.
      yield { origin: file, reason: cannotRead(file, err) };
      continue;
    }
    const utf16 =
      bytes[0] === 0xff && bytes[1] === 0xfe ? 'le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'be' : null;
    if (utf16) {
      const id = idOfBrokenFile(new TextDecoder(`utf-16${utf16}`).decode(bytes), file);
      yield { origin: file, reason: 'UTF-16 text; re-save the file as UTF-8', ...id };
      continue;
    }
    if (bytes.includes(0)) {
      yield {
        origin: file,
        reason: 'binary file (contains NUL bytes); only UTF-8 text .md/.txt files are read',
        ...idOfBrokenFile(new TextDecoder().decode(bytes), file),
      };
      continue;
    }
    let content: string;
    try {
      content = utf8.decode(bytes);
    } catch {
      yield {
        origin: file,
        reason: 'not valid UTF-8 text; re-save the file as UTF-8',
        ...idOfBrokenFile(new TextDecoder().decode(bytes), file),
      };
      continue;
    }
    yield parseTextArticle(content, file);
  }
}

/**
 * A file's bytes, or, when it is longer than `cap`, its size and first bytes. Read synchronously: an
 * article file is small, and each await of an asynchronous open, stat, read and close is a round trip
 * to the thread pool, which is where most of a no-op re-run over 5,000 small .md files went (5.7 s,
 * against 1.7 s for the same articles as one JSONL file). Nothing else waits on this thread meanwhile:
 * the vector shards are built on threads of their own.
 */
function readCapped(file: string, cap: number): { bytes: Buffer } | { size: number; head: Buffer } {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > cap) {
      const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
      const bytesRead = readSync(fd, head, 0, head.length, 0);
      return { size, head: head.subarray(0, bytesRead) };
    }
    // The size is that of the open file; one that grows meanwhile is read to its end all the same.
    return { bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

/** Why `file` cannot be read, saying where it points when it is a symbolic link. */
function cannotRead(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  let target: string;
  try {
    target = path.resolve(path.dirname(file), readlinkSync(file));
  } catch {
    return `cannot be read (${code})`;
  }
  return `a symbolic link to ${target}, which ${code === 'ENOENT' ? 'is not there' : 'cannot be read'} (${code})`;
}

/** Parse one .md/.txt file's content (front matter optional) into an Article, or say why it cannot be. */
function parseTextArticle(content: string, origin: string): Article | Skip {
  if (content.startsWith('\uFEFF')) content = content.slice(1);
  // A file re-saved with CRLF line ends (an editor on Windows) is the article it was: read as LF, its
  // content hash, text and passages are those of the LF file. Its CRLFs had been kept, so the re-save
  // embedded the article again, its passages the same but for their offsets. A lone CR is left as it
  // is: an LF file holding one keeps the hash existing indexes recorded for it.
  if (content.includes('\r\n')) content = content.replaceAll('\r\n', '\n');
  const stem = fileStem(origin);

  const split = splitFrontMatter(content);
  if ('error' in split) return { origin, reason: split.error, ...idOfBrokenFile(content, origin) };

  let raw: Record<string, unknown> = {};
  if (split.yaml !== null) {
    const parsed = parseYamlMap(split.yaml);
    if ('error' in parsed) return { origin, reason: parsed.error, ...idOfBrokenFile(content, origin) };
    raw = parsed.value;
  }
  const result = FrontMatterSchema.safeParse(raw);
  if (!result.success) {
    const reason = `front matter: ${describeIssues(result.error, FRONT_MATTER_KEYS)}`;
    if (raw.id == null) return { origin, reason, ...idOfName(origin) };
    return { origin, reason, id: typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined };
  }
  const fm = result.data;
  const id = fm.id ?? stem;
  if (!/^\S+$/.test(id)) {
    return { origin, reason: `id: the file name "${stem}" contains whitespace; rename the file or set id` };
  }
  const published = fm.published ?? null;
  const text = split.body;
  return {
    id,
    title: fm.title ?? null,
    source: fm.source ?? null,
    published,
    publishedPrecision: inferPrecision(published),
    url: fm.url ?? null,
    language: fm.language ?? languageOf(text),
    text,
    origin,
  };
}

// The opening of an article settles its language; scanning whole bodies dominated corpus load time.
function languageOf(text: string): Language {
  return detectLanguage(text.slice(0, 500));
}

// Only called on values the schema accepted, so the shape always has a precision.
function inferPrecision(published: string | null): DatePrecision {
  return precisionOf(published) ?? 'unknown';
}

/** Split `---` front matter from the body. The body is everything after the closing line, verbatim. */
function splitFrontMatter(whole: string): { yaml: string | null; body: string } | { error: string } {
  // Blank lines above the opening '---' (an editor's, a copy's) do not hide the front matter.
  const content = /^(?:[ \t]*\r?\n)+---/.test(whole) ? whole.replace(/^(?:[ \t]*\r?\n)+/, '') : whole;
  const firstEnd = content.indexOf('\n');
  const firstLine = firstEnd === -1 ? content : content.slice(0, firstEnd);
  if (!/^---[ \t]*\r?$/.test(firstLine)) return { yaml: null, body: content };
  if (firstEnd === -1) return { error: UNTERMINATED };

  let lineStart = firstEnd + 1;
  while (lineStart <= content.length) {
    const nl = content.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? content.length : nl;
    if (/^---[ \t]*\r?$/.test(content.slice(lineStart, lineEnd))) {
      return {
        yaml: content.slice(firstEnd + 1, lineStart),
        body: nl === -1 ? '' : content.slice(nl + 1),
      };
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return { error: UNTERMINATED };
}

const UNTERMINATED =
  "front matter is not closed: line 1 is '---' but no later line is '---'; add the closing '---' line";

/** A front matter's fields, or why they cannot be read. */
function parseYamlMap(yaml: string): { value: Record<string, unknown> } | { error: string } {
  const simple = simpleFrontMatter(yaml);
  return simple ? { value: simple } : yamlMap(yaml);
}

/** A front matter's fields as the YAML parser reads them, or why they cannot be read. */
export function yamlMap(yaml: string): { value: Record<string, unknown> } | { error: string } {
  const doc = parseDocument(yaml, { uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    // +1: the YAML starts on the file's second line, after the opening '---'.
    const line = err.linePos ? ` at line ${err.linePos[0].line + 1}` : '';
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { error: `front matter: invalid YAML${line}: ${what}` };
  }
  if (doc.contents === null) return { value: {} };
  if (!isMap(doc.contents)) return { error: 'front matter: expected `key: value` lines' };

  let value: Record<string, unknown>;
  try {
    value = doc.toJS() as Record<string, unknown>;
  } catch (err) {
    // The parser reports no error for an alias to an anchor that does not exist (`title: *Breaking*
    // news`), but making values of it throws: that had ended ingestion with a stack trace.
    return { error: `front matter: invalid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  for (const pair of doc.contents.items) {
    // YAML reads `id: 0001` or `published: 2022` as numbers; every field here is text, so keep it as written.
    if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'number') {
      value[String(pair.key.value)] = pair.value.source;
    }
  }
  return { value };
}

/**
 * One `key: value` line of front matter whose value YAML reads as the text it shows (or null): a
 * double-quoted string without escapes but \" and \\, a single-quoted one, `null`, or a plain word
 * (letters, digits and _ . / + -, and colons inside it), a comment after it allowed. Numbers are such
 * words: parseYamlMap keeps them as written. A quoted value holding a control character (but a tab)
 * is left to the parser, which has rules of its own for them.
 */
const SIMPLE_LINE =
  // eslint-disable-next-line no-control-regex -- control characters are what the quoted forms leave out
  /^([a-z_]+):[ \t]+(?:"((?:[^"\\\0-\x08\n-\x1f\x7f]|\\["\\])*)"|'((?:[^'\0-\x08\n-\x1f\x7f]|'')*)'|([\p{L}\p{N}_](?:[\p{L}\p{N}_./+-]|:(?=[^\s]))*))(?:[ \t]+#.*)?[ \t]*$/u;
/** Plain words YAML reads as something else than text: null and booleans (core schema). */
const NOT_TEXT = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The fields of a front matter of simple `key: value` lines (blank lines between them allowed), as
 * YAML would read them, or null for anything else, left to the YAML parser: comment lines, nested or
 * multi-line values, escapes, a key given twice, booleans. Parsing every front matter with the YAML
 * library was a fifth of a no-op re-run over 5,000 small .md files. Where it gives fields, `yamlMap`
 * gives the same.
 */
export function simpleFrontMatter(yaml: string): Record<string, unknown> | null {
  const value: Record<string, unknown> = {};
  for (const line of yaml.split('\n')) {
    if (line.trim() === '') continue;
    const m = SIMPLE_LINE.exec(line);
    if (!m || Object.hasOwn(value, m[1]!)) return null;
    const [, key, doubled, single, plain] = m;
    if (plain !== undefined && NOT_TEXT.test(plain)) {
      if (!/^n/i.test(plain)) return null;
      value[key!] = null;
    } else {
      value[key!] = doubled?.replace(/\\(["\\])/g, '$1') ?? single?.replaceAll("''", "'") ?? plain;
    }
  }
  return value;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A line longer than could be read: its length and its first bytes (HEAD_BYTES). */
interface LongLine {
  bytes: number;
  head: Buffer;
}

/**
 * Split a byte stream on '\n' without decoding, so each line can be checked for valid UTF-8 on its own.
 * A line longer than `cap` bytes is not kept whole: its length and first bytes stand for it.
 */
async function* byteLines(chunks: AsyncIterable<Buffer>, cap: number): AsyncGenerator<Buffer | LongLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let long: LongLine | null = null;
  const add = (part: Buffer) => {
    if (long) {
      long.bytes += part.length;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes > cap) {
      long = { bytes: pendingBytes, head: Buffer.concat(pending, Math.min(pendingBytes, HEAD_BYTES)) };
      pending = [];
      pendingBytes = 0;
    }
  };
  /** The line read so far, now ended. */
  const line = (): Buffer | LongLine => {
    const whole = long ?? (pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
    long = null;
    return whole;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      add(chunk.subarray(from, nl));
      yield line();
      from = nl + 1;
    }
    if (from < chunk.length) add(chunk.subarray(from));
  }
  if (long || pending.length > 0) yield line();
}

/** The lines of a JSONL file, gzip-compressed or not, as bytes (see byteLines for `cap`). */
async function* jsonlByteLines(file: string, cap: number): AsyncGenerator<Buffer | LongLine> {
  const gunzip = (await isGzip(file)) ? createGunzip() : null;
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  let stream: AsyncIterable<Buffer> = input;
  if (gunzip) {
    input.on('error', (err) => gunzip.destroy(err));
    stream = input.pipe(gunzip);
  }
  try {
    yield* byteLines(stream, cap);
  } finally {
    input.destroy();
    gunzip?.destroy();
  }
}

/**
 * A first line that is only `[` or `{` opens one JSON value written over many lines (an array of
 * articles, pretty-printed), not JSON Lines: the file is one skip, none of its lines read, rather
 * than a skip for each line, each "invalid JSON", and no word of why.
 */
const OPENS_JSON_VALUE = /^\s*[[{]\s*$/;
const NOT_JSON_LINES =
  'the file is one JSON value written over many lines (pretty-printed), not JSON Lines, and was not read; ' +
  "write one article object per line (an array: jq -c '.[]' FILE)";

async function* readJsonl(file: string, caps: ReadCaps): AsyncGenerator<Article | Skip> {
  try {
    await stat(file);
  } catch (err) {
    // A link to nothing: no line of it can be read, and every article indexed from it is kept.
    yield { origin: `${file}:1`, reason: cannotRead(file, err), rest: true };
    return;
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lineNo = 0;
  /** Whether a line that is not blank was read. */
  let begun = false;
  try {
    for await (const bytes of jsonlByteLines(file, caps.line)) {
      lineNo++;
      const origin = `${file}:${lineNo}`;
      if (!Buffer.isBuffer(bytes)) {
        yield {
          origin,
          reason: tooLongReason('the line', bytes.bytes, caps.line, caps),
          id: idOfBrokenLine(new TextDecoder().decode(bytes.head)),
        };
        continue;
      }
      let line: string;
      try {
        line = utf8.decode(bytes);
      } catch {
        yield {
          origin,
          reason: 'not valid UTF-8; re-save the file as UTF-8',
          id: idOfBrokenLine(new TextDecoder().decode(bytes)),
        };
        continue;
      }
      if (lineNo === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
      if (line.trim() === '') continue;
      if (!begun && OPENS_JSON_VALUE.test(line)) {
        yield { origin, reason: NOT_JSON_LINES, rest: true };
        return;
      }
      begun = true;
      yield parseJsonlLine(line, origin);
    }
  } catch (err) {
    // zlib errors (Z_DATA_ERROR, Z_BUF_ERROR): nothing after this point can be read.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('Z_')) throw err;
    yield {
      origin: `${file}:${lineNo + 1}`,
      reason: `gzip data is corrupt or truncated after line ${lineNo}; the rest of the file was not read (re-create the .gz)`,
      rest: true,
    };
  }
}

function parseJsonlLine(line: string, origin: string): Article | Skip {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0]!.slice(0, 80);
    return { origin, reason: `invalid JSON (${detail})`, id: idOfBrokenLine(line) };
  }
  if (Array.isArray(json)) {
    return { origin, reason: 'a JSON array; write each article object on a line of its own' };
  }
  if (typeof json !== 'object' || json === null) {
    return { origin, reason: 'expected a JSON object with "id" and "text"' };
  }
  const result = JsonlRecordSchema.safeParse(json);
  if (!result.success) {
    const { id, text } = json as { id?: unknown; text?: unknown };
    const reason = describeIssues(result.error, JSONL_KEYS);
    if (typeof id === 'string' && id !== '') return { origin, reason, id };
    return typeof text === 'string' && text.trim() !== '' ? { origin, reason, text } : { origin, reason };
  }
  const r = result.data;
  const published = r.published ?? null;
  return {
    id: r.id,
    title: r.title ?? null,
    source: r.source ?? null,
    published,
    publishedPrecision: inferPrecision(published),
    url: r.url ?? null,
    language: r.language ?? languageOf(r.text),
    text: r.text,
    origin,
  };
}

/**
 * The id a .md/.txt file that cannot be loaded declares, as far as can be told: its front matter's
 * `id:` line (quoted or not), else (no such line) its file name, as for a sound file, marked as such.
 */
function idOfBrokenFile(content: string, file: string): { id: string; idFromName?: true } {
  // CRLF files too: split on either line end, or no `id:` line would match ('.' stops at '\r').
  const lines = content
    .replace(/^\uFEFF/, '')
    .trimStart()
    .split(/\r?\n/, 200);
  if (/^---[ \t]*$/.test(lines[0] ?? '')) {
    for (const line of lines.slice(1)) {
      if (/^---[ \t]*$/.test(line)) break;
      const m = /^id[ \t]*:(.*)$/.exec(line);
      if (!m) continue;
      const value = m[1]!
        .replace(/\s#.*$/, '')
        .trim()
        .replace(/^(["'])(.*)\1$/, '$2');
      if (value !== '') return { id: value };
    }
  }
  return idOfName(file);
}

/** A file's id when its front matter gives none: its name without the extension. */
function fileStem(file: string): string {
  return path.basename(file).replace(/\.[^.]*$/, '');
}

/** The id of a broken file that names none, its file name standing in (see Skip.idFromName). */
function idOfName(file: string): { id: string; idFromName: true } {
  return { id: fileStem(file), idFromName: true };
}

/** The `"id"` of a JSONL line that is not valid JSON, when it can still be read. */
function idOfBrokenLine(line: string): string | undefined {
  const m = /"id"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(line);
  if (!m) return undefined;
  try {
    const id: unknown = JSON.parse(m[1]!);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
