import fs from 'node:fs';
import path from 'node:path';
import {
  countArticles,
  distinctSources,
  duplicateIdReason,
  loadArticles,
  passagesOf,
} from '../corpus/index.js';
import type { Article, Skip } from '../corpus/types.js';
import type { IndexEmbeddings } from '../embed/index.js';
import { counted, createAnalyzer, PASSAGES } from '../text/index.js';
import { ARTICLE_BM25, BM25_FORMAT, Bm25Builder, Bm25Index } from './bm25.js';
import { indexTerms, leadField } from './terms.js';
import { acquireLock, folderBytes, fsyncPath, sha256, sha256File, writeFileAtomic } from './fsutil.js';
import {
  CURRENT,
  FILES,
  FORMAT_VERSION,
  IndexError,
  PIPELINE_VERSION,
  checkGeneration,
  currentGeneration,
  locateGeneration,
  notAFolderError,
  readManifest,
  type Manifest,
  vectorFiles,
} from './manifest.js';
import { PassageStore } from './store.js';
import { VectorBuilder } from './vector-builder.js';

export interface BuildOptions {
  /** A folder of .md/.txt articles, or a .jsonl / .jsonl.gz file; several are read in order. */
  source: string | readonly string[];
  indexDir: string;
  embeddings: IndexEmbeddings;
  maxArticleBytes: number;
  /** Graph parameters of a new index; an existing one keeps its own. */
  hnsw?: { m?: number; efConstruction?: number; shards?: number };
  /** Passages embedded per call. */
  batchSize?: number;
  onProgress?: (p: BuildProgress) => void;
  /**
   * What a new generation is busy with besides reading and embedding, as one short line at the start
   * of each step: reading the sources again once the removal guard has let the run go on (see
   * `build`'s `pass`), copying the current one's passage store, then, after the last progress report,
   * writing the lexical indexes, finishing the vector shards, and syncing the files to disk.
   */
  onPhase?: (message: string) => void;
  onSkip?: (s: Skip) => void;
  /** Leave the index as it was when any article is skipped (SkippedArticlesError). */
  strict?: boolean;
  /** Something the maintainer should know that does not stop the build (a lock taken over); default stderr. */
  onWarning?: (message: string) => void;
  /**
   * Stops the run between two articles, two batches of passages, or two steps of the commit, before
   * CURRENT is switched (its reason is thrown, an InterruptedError from the script): the generation it
   * was writing is removed and the lock released, the index left as it was.
   */
  signal?: AbortSignal;
  /**
   * Remove whatever the sources no longer hold. Without it, a run that would remove more than half
   * of the indexed articles, and at least 20, is refused (RemovalRefusedError): most likely another
   * source was named by mistake.
   */
  allowRemoval?: boolean;
}

export interface BuildProgress {
  /** Articles read so far, skipped ones included. */
  articles: number;
  /** How many the sources hold as the loader reads them (files, non-blank JSONL lines), when known. */
  total: number | null;
  /** Of those read, how many were skipped. */
  skipped: number;
  passagesEmbedded: number;
  /** The last report: every article read and every passage embedded. */
  done: boolean;
}

export interface BuildReport {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Unchanged articles now read from another file or line: their stored origin was updated. */
  moved: number;
  /**
   * Of those added, how many have the text of an indexed article the sources no longer hold under its
   * id (a renamed file, a corpus exported again with new ids): it was given the new id, its passages
   * and vectors kept, nothing embedded. Its old id is counted among those removed.
   */
  reused: number;
  skipped: Skip[];
  /**
   * Indexed articles whose file (or JSONL line) was skipped this run, or was in a truncated file that
   * stopped being readable: their indexed version is kept rather than removed. `origin` is where the
   * article is now when the skipped item named its id, else where it was indexed from.
   */
  kept: { id: string; origin: string }[];
  /** Passages sent to the embedder in this run. */
  passagesEmbedded: number;
  /** Whether a new generation was written (false: the index was already up to date). */
  changed: boolean;
  /** Why the whole index was rebuilt, when it was. */
  rebuildReason: string | null;
  /** Why the lexical files were written again though no article changed (they were damaged). */
  repairReason: string | null;
  generation: string | null;
  articles: number;
  passages: number;
  indexBytes: number;
  seconds: number;
}

/** Thrown when the source holds no valid article at all: nothing is replaced. */
export class NothingToIndexError extends Error {
  override name = 'NothingToIndexError';
  /** Why each article that was found was left out: what the maintainer has to mend. */
  readonly skipped: readonly Skip[];

  constructor(message: string, skipped: readonly Skip[] = []) {
    super(message);
    this.skipped = skipped;
  }
}

/** Thrown when a run would remove most of the index and `allowRemoval` was not given: nothing is replaced. */
export class RemovalRefusedError extends Error {
  override name = 'RemovalRefusedError';

  constructor(
    /** How many indexed articles the sources no longer hold, of how many. */
    readonly removed: number,
    readonly indexed: number,
    examples: readonly string[],
    sources: readonly string[],
  ) {
    const more = removed > examples.length ? ', …' : '';
    super(
      `this run would remove ${removed} of the ${indexed} indexed articles (${examples.join(', ')}${more}), ` +
        `which ${sources.join(', ')} no longer holds; nothing was changed. If they are meant to go, run ` +
        '`npm run ingest` again with --allow-removal; to index this source beside them, give it an ' +
        'index of its own (--index DIR).',
    );
  }
}

/** A run may remove up to this share of the indexed articles, or fewer than `min`, without being told to. */
const REMOVAL_GUARD = { share: 0.5, min: 20 };

/** Whether removing `gone` of the `indexed` articles needs `allowRemoval`. */
const refusedRemoval = (gone: number, indexed: number): boolean =>
  gone >= REMOVAL_GUARD.min && gone > indexed * REMOVAL_GUARD.share;

/** Thrown with `strict` when an article was skipped: nothing is replaced. */
/**
 * Ctrl-C (SIGINT) or SIGTERM stopped the run before it committed: nothing it did is kept. Killed by
 * either, it had stopped without a word, leaving its lock (taken over by the next run, with a
 * warning, or refused while another process had come to have its pid) and its half-written
 * generation folder.
 */
export class InterruptedError extends Error {
  override name = 'InterruptedError';

  constructor(
    readonly signal: NodeJS.Signals,
    indexDir: string,
  ) {
    super(
      `ingestion stopped by ${signal} before it finished: nothing this run did was kept, and the index in ` +
        `${indexDir} is as it was. Run \`npm run ingest\` again to bring it up to date (it reads, and ` +
        'embeds what changed, from the start of the sources).',
    );
  }
}

export class SkippedArticlesError extends NothingToIndexError {
  override name = 'SkippedArticlesError';
}

const EMBED_BATCH = 256;
/** HNSW shards of a new index: each is built, and searched, on a thread of its own. */
const DEFAULT_SHARDS = 2;

/** The content hash that decides whether an article must be embedded again. */
export function articleHash(a: Article): string {
  return sha256(
    JSON.stringify([
      PIPELINE_VERSION,
      a.id,
      a.title,
      a.source,
      a.published,
      a.publishedPrecision,
      a.url,
      a.language,
      a.text,
    ]),
  );
}

/**
 * Bring the index in `indexDir` up to date with `source`, incrementally and atomically.
 *
 * Unchanged articles (same content hash) are not embedded again; changed ones are replaced;
 * removed ones are deleted. Changes go into a new generation folder, started from a copy of the
 * current one; once it is complete and fsynced, CURRENT is switched to it by an atomic rename.
 * A crash at any moment leaves CURRENT naming the previous, complete generation.
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const overlap = overlapOf(typeof opts.source === 'string' ? [opts.source] : opts.source, opts.indexDir);
  if (overlap) throw new IndexError(overlap);
  /** The first folder this run made on the way to `indexDir`, if it made any. */
  let made: string | undefined;
  try {
    made = fs.mkdirSync(opts.indexDir, { recursive: true });
  } catch (err) {
    throw notAFolderError(opts.indexDir, whyNotMade(opts.indexDir, err));
  }
  let release: () => void;
  try {
    release = acquireLock(path.join(opts.indexDir, '.lock'), opts.onWarning);
  } catch (err) {
    if (made) removeEmptyFolders(opts.indexDir, made);
    throw err;
  }
  let built = false;
  try {
    const report = await build(opts, started);
    built = true;
    return report;
  } finally {
    release();
    // A run that wrote nothing (no such source: `npm run ingest` started from another folder, or
    // nothing valid in it) leaves no empty index folder where it made one; `var/index` had been
    // left behind in whatever folder the command was run from.
    if (!built && made) removeEmptyFolders(opts.indexDir, made);
  }
}

/**
 * Why `dir` could not be made, `err` being what a recursive mkdir said. Node's says ENOENT ("no
 * such file or directory", "check the path") whenever a folder on the way cannot be made, whatever
 * the reason: an --index on a read-only file system, or in a folder the user may not write, was told
 * to check its path. The first folder missing on the way is made on its own to learn the reason (and
 * removed again, should it be made after all).
 */
function whyNotMade(dir: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
  let missing = path.resolve(dir);
  while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) {
    missing = path.dirname(missing);
  }
  try {
    fs.mkdirSync(missing);
  } catch (cause) {
    return cause;
  }
  fs.rmdirSync(missing);
  return err;
}

/** Removes `dir` and the folders above it up to `top`, each only while it is empty. */
function removeEmptyFolders(dir: string, top: string): void {
  const last = path.resolve(top);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (the run left something it means to keep), or gone
    }
    if (d === last || path.dirname(d) === d) return;
  }
}

/**
 * Why the index cannot be kept in `indexDir` beside these sources, or null when it can. An index in an
 * article folder (`--index data/articles`) had its generations written among the articles, and the
 * next run read them with the articles (a warning about its manifest.json); an article source inside
 * the index's folder (`--index data`) lies where ingestion removes the generation folders it
 * replaces. Paths are compared as real paths, the index's as far as it exists yet; a source that
 * does not exist is left for loading to report.
 */
function overlapOf(sources: readonly string[], indexDir: string): string | null {
  const index = realPathSoFar(indexDir);
  const own = '(--index or INDEX_DIR, default var/index); nothing was written.';
  for (const source of sources) {
    let real: string;
    let folder: boolean;
    try {
      real = fs.realpathSync(source);
      folder = fs.statSync(real).isDirectory();
    } catch {
      continue;
    }
    if (folder && within(real, index)) {
      return (
        `${indexDir} (--index) is ${real === index ? '' : 'inside '}the article folder ${source}: the index ` +
        `would be written among the articles, and read with them as articles. Keep the index in a folder of its own ${own}`
      );
    }
    if (within(index, real)) {
      return (
        `the article source ${source} is inside ${indexDir} (--index), the index's folder, which holds only the ` +
        'index (ingestion removes the generations it replaces there). Keep the articles outside it, or the index in a folder of its own ' +
        own
      );
    }
  }
  return null;
}

/** Whether `p` is `dir` or lies below it (both absolute). */
function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, which need not exist: its nearest existing ancestor's, with the rest added. */
function realPathSoFar(p: string): string {
  let dir = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(p);
      rest.unshift(path.basename(dir));
      dir = parent;
    }
  }
}

/** The IndexError message `check` throws, or null when it passes. */
function damageOf(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof IndexError) return err.message;
    throw err;
  }
}

/**
 * Why a BM25 file of generation `dir` that passes its checksum cannot be opened, or null when both
 * can. A file cut short by the old short-write bug had its size and checksum taken as it was: opening
 * the index failed ("BM25 index file is truncated", re-run ingestion) while ingestion, checking the
 * checksums only, called it up to date. Parsing is what opening does (a read and typed-array views),
 * on files the checksum has just read; an older layout is rewritten anyway, not called damaged.
 */
function unreadableLexical(dir: string, manifest: Manifest): string | null {
  if (manifest.bm25Format !== BM25_FORMAT) return null;
  for (const name of [FILES.lexical, FILES.articleLexical]) {
    const file = path.join(dir, name);
    try {
      Bm25Index.read(file);
    } catch (err) {
      return `${file} cannot be read (${(err as Error).message}): the index is damaged.`;
    }
  }
  return null;
}

async function build(opts: BuildOptions, started: number): Promise<BuildReport> {
  const { indexDir, embeddings } = opts;
  const warn = opts.onWarning ?? ((m: string) => console.warn(m));
  /** What the loader warns of, said once though the sources may be read twice (see `pass`). */
  const warned = new Set<string>();
  const warnOnce = (m: string) => {
    if (!warned.has(m)) warn(m);
    warned.add(m);
  };
  let previous: { dir: string; manifest: Manifest } | null = null;
  let rebuildReason: string | null = null;
  let lexicalDamage: string | null = null;
  // The generation CURRENT names or, CURRENT lost or damaged, the one found in its place.
  let located: { dir: string; lost: string | null } | null = null;
  try {
    located = locateGeneration(indexDir);
  } catch (err) {
    if (!(err instanceof IndexError)) throw err;
    rebuildReason = err.message; // a damaged CURRENT, and no finished generation to stand in for it
  }
  removeAbandonedGenerations(indexDir, located?.dir ?? null, located !== null && located.lost === null);
  if (located?.lost) {
    warn(
      `${located.lost}: building on ${path.basename(located.dir)}, the newest finished generation whose ` +
        `files verify; ${CURRENT} will name the generation this run leaves.`,
    );
  }

  /** The ids of the current index, also when it is rebuilt, as far as its manifest can be read. */
  let indexed: readonly string[] = [];
  try {
    const dir = located?.dir;
    if (dir) {
      const manifest = readManifest(dir);
      indexed = Object.keys(manifest.articles);
      if (manifest.embedder.id !== embeddings.id) {
        rebuildReason = `the index was built with embedder ${manifest.embedder.id}; now ${embeddings.id}`;
      } else if (manifest.pipeline !== PIPELINE_VERSION) {
        rebuildReason = `the index was built by pipeline ${manifest.pipeline}; now ${PIPELINE_VERSION}`;
      } else {
        // What this run reuses must be sound: a damaged generation is rebuilt, not built upon
        // (or reported "up to date" while every search of it fails).
        checkGeneration(dir, manifest, { hash: 'all', lexical: false });
        previous = { dir, manifest };
        // Damaged BM25 files are written afresh from the store, the vectors reused.
        lexicalDamage =
          damageOf(() => checkGeneration(dir, manifest, { hash: 'all', reused: false })) ??
          unreadableLexical(dir, manifest);
      }
    }
  } catch (err) {
    if (!(err instanceof IndexError)) throw err;
    rebuildReason = err.message;
  }

  const oldHashes = previous?.manifest.articles ?? {};
  /** Closed after each reading of the sources (see `pass`). */
  const texts = new IndexedTexts(previous?.dir ?? null);
  const distinct = distinctSources(typeof opts.source === 'string' ? [opts.source] : opts.source);
  const sources = distinct.sources;
  for (const { source, readBy } of distinct.dropped) {
    warn(
      source === readBy || path.resolve(source) === path.resolve(readBy)
        ? `${source} is given twice as a source: it is read once`
        : `${source} is inside ${readBy}, also given as a source, which reads it: it is read once`,
    );
  }
  let total: number | null = 0;
  for (const s of sources) {
    const n = await countArticles(s).catch(() => null);
    total = total === null || n === null ? null : total + n;
  }
  const indexedIds = new Set(indexed);

  // Ids must be unique across all sources. Of two articles with one id, the one already indexed is
  // kept, wherever it comes in path order; when neither is, the first. The other is skipped with the
  // id it shows, so that its file or line is never taken for the article indexed from it before
  // (that one goes when no source holds it any more). Nothing is held back to decide:
  // in the rare case that the later one turns out to be the indexed one, what was done for the
  // earlier one is undone: stored as its update, it is taken out again and the indexed one stored
  // (and embedded) anew; an identical copy read first is simply no longer counted, nor recorded as
  // where the article now is.
  const stored = previous ? storedOrigins(previous.dir) : new Map<string, string>();
  const origins = new Origins();
  /**
   * 3: the indexed article itself (same content), where it was indexed from; 2: the same content
   * elsewhere (moved, or a copy); 1: its edit (read from where it was indexed from); 0: another.
   */
  const indexedRank = (a: Article, hash: string): number => {
    const at = stored.get(a.id);
    const there = at !== undefined && origins.same(at, a.origin);
    if (oldHashes[a.id] === hash) return there ? 3 : 2;
    return there ? 1 : 0;
  };
  const duplicate = (id: string, kept: { origin: string; rank: number }): string =>
    kept.rank > 0
      ? `duplicate id "${id}" (${kept.origin} holds the article already indexed under this id and keeps it); give this one a unique id`
      : duplicateIdReason(id, kept.origin);
  /** Skips already passed to `onSkip`: a second reading of the sources meets the same ones again. */
  let skipsTold = 0;

  /**
   * One reading of the sources. The removal guard must refuse a run that would remove most of the
   * index before anything is written or embedded, and it can tell only once enough of the indexed
   * articles have been read (or the sources end). A change met before then is not written: this
   * reading goes on keeping only ids and hashes, and returns null once the guard can tell that the
   * run may go on (or throws RemovalRefusedError). The sources are then read again, `guardPassed`,
   * and written; their new passages still wait for their vectors until the guard can tell again, so
   * that sources changed in between are refused before anything is embedded too. So a refused run
   * writes nothing: before, it had copied the current passage store into a new generation and
   * stored every article read, 329 MiB written for another 5,000-article source named by mistake
   * against an index of 5,000 ANT articles.
   */
  const pass = async (guardPassed: boolean): Promise<BuildReport | null> => {
    const report = {
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 0,
      moved: 0,
      reused: 0,
      passagesEmbedded: 0,
    };
    const skipped: Skip[] = [];
    const seen = new Map<string, string>();
    let writer: GenerationWriter | null = null;
    /** Indexed articles read so far, by their id or (see `renamed`) by their text under a new id. */
    const accounted = new Set<string>();
    const account = (id: string) => {
      if (indexedIds.has(id)) accounted.add(id);
    };
    /**
     * New ids read with the text of an indexed article not read yet (`twin`), metadata only: once the
     * sources are read, one whose twin no longer is under its own id takes it over, passages and vectors
     * kept; the others are stored and embedded as new. Embedding is most of ingestion's cost, and a
     * renamed file or a corpus exported again with new ids had all its articles embedded again.
     */
    const renamed: { article: Omit<Article, 'text'>; hash: string; twin: string }[] = [];
    // Whether the removal guard may still refuse this run: until enough of the indexed articles have
    // been read, nothing is embedded (the passages wait), so that a wrongly named source is refused at
    // once rather than after embedding it all.
    const mayBeRefused = () => {
      const gone = indexed.length - accounted.size;
      return !opts.allowRemoval && refusedRemoval(gone, indexed.length);
    };
    const startWriter = () =>
      (writer ??= new GenerationWriter(indexDir, embeddings, previous, opts, () => !mayBeRefused()));
    /** Set when a change was met while the guard could still refuse: this reading writes nothing. */
    let deferred = false;
    /** The writer to record a change with, or null when this reading writes nothing (see `pass`). */
    const writerForChange = (): GenerationWriter | null => {
      if (!writer && !guardPassed && mayBeRefused()) deferred = true;
      return deferred ? null : startWriter();
    };

    let read = 0;
    let lastProgress = 0;
    const progress = (done = false) => {
      const now = performance.now();
      if (!done && now - lastProgress < 200) return;
      lastProgress = now;
      const { passagesEmbedded } = report;
      opts.onProgress?.({ articles: read, total, skipped: skipped.length, passagesEmbedded, done });
    };

    const skip = (s: Skip) => {
      skipped.push(s);
      if (skipped.length <= skipsTold) return;
      skipsTold = skipped.length;
      opts.onSkip?.(s);
    };
    async function* allArticles() {
      for (const source of sources) {
        yield* loadArticles(source, {
          maxArticleBytes: opts.maxArticleBytes,
          onWarning: warnOnce,
          onSkip: (s) => {
            read++;
            skip(s);
          },
          allowDuplicateIds: true,
        });
      }
    }

    /** The article kept for each id so far, and whether it was written into the new generation. */
    const chosen = new Map<string, { origin: string; rank: number; written: boolean }>();
    /** Unchanged articles read from elsewhere than their stored origin, and where they are now. */
    const moved = new Map<string, string>();
    /**
     * Articles read where they were indexed from, stored with a relative path (by an older version):
     * recorded as an absolute one when a new generation is written anyway, so that the next run finds
     * them from any working folder.
     */
    const restated = new Map<string, string>();
    const stillAt = (id: string, at: string, origin: string): void => {
      if (!origins.same(at, origin)) moved.set(id, origin);
      else if (!path.isAbsolute(at)) restated.set(id, origin);
    };

    try {
      for await (const article of allArticles()) {
        await stopPoint(opts.signal);
        read++;
        const hash = articleHash(article);
        const rank = indexedRank(article, hash);
        const earlier = chosen.get(article.id);
        if (earlier !== undefined) {
          if (rank <= earlier.rank) {
            skip({ origin: article.origin, reason: duplicate(article.id, earlier), id: article.id });
            progress();
            continue;
          }
          // The earlier one outranked is not the indexed article itself: what was done for it is undone.
          if (earlier.written) writerForChange()?.removeArticle(article.id);
          else {
            moved.delete(article.id);
            restated.delete(article.id);
          }
          if (earlier.rank >= 2) report.unchanged--;
          else report.updated--;
          const reason = duplicate(article.id, { origin: article.origin, rank });
          skip({ origin: earlier.origin, reason, id: article.id });
        }
        const old = oldHashes[article.id];
        // The indexed content is left where it is stored, unless an earlier one was stored over it.
        const written = old !== hash || earlier?.written === true;
        chosen.set(article.id, { origin: article.origin, rank, written });
        account(article.id);
        seen.set(article.id, hash);
        const twin = old === undefined && earlier === undefined ? texts.idOf(article.text) : undefined;
        if (twin !== undefined && !seen.has(twin)) {
          const { text: _text, ...metadata } = article;
          renamed.push({ article: metadata, hash, twin });
          account(twin);
          report.added++;
        } else if (!written) {
          report.unchanged++;
          const at = stored.get(article.id);
          if (at !== undefined) stillAt(article.id, at, article.origin);
        } else {
          const w = writerForChange();
          /** Only the indexed article's metadata changed: its passages and vectors stay. */
          let restatedOnly = false;
          if (old === hash) {
            report.unchanged++;
          } else if (old !== undefined) {
            if (!earlier?.written) {
              restatedOnly = w?.updateMetadata(article, hash) ?? false;
              if (!restatedOnly) w?.removeArticle(article.id);
            }
            report.updated++;
          } else {
            report.added++;
          }
          if (w && !restatedOnly) report.passagesEmbedded += await w.addArticle(article, hash);
        }
        progress();
        // The guard can tell now that this run may go on: the sources are read again, writing.
        if (deferred && !mayBeRefused()) return null;
      }
      if (seen.size === 0) {
        throw new NothingToIndexError(
          `no valid article in ${sources.join(', ')}` +
            (skipped.length ? ` (${skipped.length} skipped)` : ''),
          skipped,
        );
      }
      if (opts.strict && skipped.length) {
        throw new SkippedArticlesError(
          `${skipped.length} article${skipped.length > 1 ? 's' : ''} skipped (--strict): the index is left as it was`,
          skipped,
        );
      }
      const kept = withStoredTexts(previous?.dir ?? null, (textOf) =>
        unreadArticles(stored, skipped, oldHashes, seen, origins, textOf),
      );
      for (const { id } of kept) seen.set(id, oldHashes[id]!);
      /** The indexed articles that new ids take over, and the new ids that are stored as new instead. */
      const takenOver = new Map<string, (typeof renamed)[number]>();
      const asNew: typeof renamed = [];
      for (const r of renamed) {
        if (seen.has(r.twin) || takenOver.has(r.twin)) asNew.push(r);
        else takenOver.set(r.twin, r);
      }
      const gone = indexed.filter((id) => !seen.has(id) && !takenOver.has(id));
      if (!opts.allowRemoval && refusedRemoval(gone.length, indexed.length)) {
        throw new RemovalRefusedError(gone.length, indexed.length, gone.slice(0, 5), sources);
      }
      if (deferred) return null;
      report.moved = moved.size;
      for (const { id, origin } of kept) stillAt(id, stored.get(id)!, origin);
      // Later messages name where an article is now, and the next run matches it there.
      if (moved.size) startWriter().setOrigins([...moved]);
      for (const id of Object.keys(oldHashes)) {
        if (!seen.has(id)) {
          const by = takenOver.get(id);
          if (by) startWriter().renameArticle(id, by.article, by.hash);
          else startWriter().removeArticle(id);
          report.removed++;
        }
      }
      report.reused = takenOver.size;
      for (const { article, hash, twin } of asNew) {
        const text = texts.textOf(twin);
        if (text === undefined) throw new Error(`no indexed article ${twin} in the passage store`);
        report.passagesEmbedded += await startWriter().addArticle({ ...article, text }, hash);
      }

      // An index whose lexical files have an older layout, or are damaged, gets a new generation,
      // vectors reused: the lexical files are always written afresh.
      if (!writer && previous && (previous.manifest.bm25Format !== BM25_FORMAT || lexicalDamage))
        startWriter();
      const w = writer as GenerationWriter | null;
      if (w && restated.size) w.setOrigins([...restated]);
      if (!w) {
        progress(true);
        // Nothing to change, but CURRENT to name the generation found in its place again.
        if (located?.lost) writeFileAtomic(path.join(indexDir, CURRENT), `${path.basename(previous!.dir)}\n`);
        const m = previous!.manifest;
        return {
          ...report,
          skipped,
          kept,
          changed: false,
          rebuildReason,
          repairReason: null,
          generation: m.generation,
          articles: m.counts.articles,
          passages: m.counts.passages,
          indexBytes: folderBytes(previous!.dir),
          seconds: (performance.now() - started) / 1000,
        };
      }
      report.passagesEmbedded += await w.flush();
      progress(true);
      const manifest = await w.commit(sources, Object.fromEntries(seen));
      writer = null;
      const genDir = path.join(indexDir, manifest.generation);
      return {
        ...report,
        skipped,
        kept,
        changed: true,
        rebuildReason,
        repairReason: lexicalDamage,
        generation: manifest.generation,
        articles: manifest.counts.articles,
        passages: manifest.counts.passages,
        indexBytes: folderBytes(genDir),
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      texts.close();
      await (writer as GenerationWriter | null)?.abandon();
    }
  };

  const first = await pass(false);
  if (first) return first;
  opts.onPhase?.(
    'the removal guard lets this run go on (enough of the indexed articles are still in the sources); ' +
      'reading the sources again from the start to write the changes',
  );
  // Past the guard, a reading writes what it must and returns its report (or throws).
  return (await pass(true))!;
}

/**
 * The indexed articles that this run did not read because their file or line was skipped (broken
 * front matter, a bad JSON line, unreadable), or was in a .gz that stopped being readable: a mistake
 * in one file must not delete the article it held. A skipped item is matched to its article by the id
 * it still shows, wherever the article was indexed from (files are renamed, lines shift); a file that
 * shows none, or only its file name standing in for one, by the stored origin too (a wrong guess must
 * not lose the article that was there). A JSONL line that shows no id is never matched by its line
 * number, which lines added or removed above it change: by its text when it shows one, else it could
 * have held any article of its file not read, and all of them are kept. So is every article not read
 * of a truncated file: lines added above may have pushed any of them past the point where reading
 * stopped. `textOf` gives an indexed article's body.
 */
function unreadArticles(
  stored: ReadonlyMap<string, string>,
  skipped: readonly Skip[],
  oldHashes: Record<string, string>,
  seen: ReadonlyMap<string, string>,
  origins: Origins,
  textOf: (id: string) => string | undefined,
): { id: string; origin: string }[] {
  if (!skipped.length || Object.keys(oldHashes).every((id) => seen.has(id))) return [];
  const byId = new Map<string, string>();
  const byText = new Map<string, string>();
  const at = new Set<string>();
  /** Files of which any article not read may be one that a skipped line held. */
  const anyOf = new Set<string>();
  for (const s of skipped) {
    const { file, line } = lineOf(s.origin);
    if (s.rest) anyOf.add(origins.key(file));
    else if (s.id !== undefined) {
      if (!byId.has(s.id)) byId.set(s.id, s.origin);
      if (s.idFromName) at.add(origins.key(s.origin));
    } else if (Number.isNaN(line)) at.add(origins.key(s.origin));
    else if (s.text !== undefined) {
      if (!byText.has(s.text)) byText.set(s.text, s.origin);
    } else anyOf.add(origins.key(file));
  }
  const kept: { id: string; origin: string }[] = [];
  for (const [id, origin] of stored) {
    if (seen.has(id) || oldHashes[id] === undefined) continue;
    const now = byId.get(id) ?? (byText.size ? byText.get(textOf(id) ?? '') : undefined);
    if (now !== undefined) kept.push({ id, origin: now });
    else if (at.has(origins.key(origin)) || anyOf.has(origins.key(lineOf(origin).file))) {
      kept.push({ id, origin });
    }
  }
  return kept;
}

/** Calls `use` with a lookup of the indexed articles' bodies in generation `dir`, opened when first used. */
function withStoredTexts<T>(dir: string | null, use: (textOf: (id: string) => string | undefined) => T): T {
  let store: PassageStore | null = null;
  try {
    return use((id) => {
      if (dir === null) return undefined;
      store ??= new PassageStore(path.join(dir, FILES.passages), { readonly: true });
      return store.article(id)?.text;
    });
  } finally {
    (store as PassageStore | null)?.close();
  }
}

/**
 * The texts of the indexed articles in generation `dir` (none when null), looked up both ways; the
 * store is opened, and the texts hashed (0.6 s for all of ANT), when first asked.
 */
class IndexedTexts {
  private store: PassageStore | null = null;
  private byText: Map<string, string> | null = null;

  constructor(private readonly dir: string | null) {}

  private open(): PassageStore | null {
    if (this.dir === null) return null;
    return (this.store ??= new PassageStore(path.join(this.dir, FILES.passages), { readonly: true }));
  }

  /** The id of an indexed article with this text (the first, of several). */
  idOf(text: string): string | undefined {
    const store = this.open();
    if (!store) return undefined;
    if (!this.byText) {
      this.byText = new Map();
      for (const { id, text } of store.texts()) {
        const key = sha256(text);
        if (!this.byText.has(key)) this.byText.set(key, id);
      }
    }
    return this.byText.get(sha256(text));
  }

  textOf(id: string): string | undefined {
    return this.open()?.article(id)?.text;
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }
}

/** Where each indexed article was read from, by id. */
function storedOrigins(dir: string): Map<string, string> {
  const store = new PassageStore(path.join(dir, FILES.passages), { readonly: true });
  try {
    return new Map(store.origins().map(({ id, origin }) => [id, origin]));
  } finally {
    store.close();
  }
}

/**
 * Where articles are read from, compared however the paths are written: relative (to the working
 * folder) or absolute, through a symlink or not. Stored origins are absolute; an index written by an
 * older version holds them as they were given, relative ones to the folder ingestion ran in, which
 * is all there is to resolve them by.
 */
class Origins {
  /** Real paths by absolute path, for this run (its working folder does not change). */
  private readonly real = new Map<string, string>();

  /** The file (and line) `origin` names: absolute, symlinks resolved (a file that is gone, as given). */
  key(origin: string): string {
    const { file, line } = lineOf(origin);
    const absolute = path.resolve(file);
    let real = this.real.get(absolute);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(absolute);
      } catch {
        real = absolute;
      }
      this.real.set(absolute, real);
    }
    return Number.isNaN(line) ? real : `${real}:${line}`;
  }

  /** Whether two origins name the same file (and line). */
  same(a: string, b: string): boolean {
    return a === b || this.key(a) === this.key(b);
  }
}

/** `origin` with an absolute path, as it is stored: what it names does not depend on the working folder. */
function absoluteOrigin(origin: string): string {
  const { file, line } = lineOf(origin);
  return Number.isNaN(line) ? path.resolve(file) : `${path.resolve(file)}:${line}`;
}

/** `file:line` of a JSONL article (line NaN for a file of its own). */
function lineOf(origin: string): { file: string; line: number } {
  const m = /^(.*):(\d+)$/.exec(origin);
  return m ? { file: m[1]!, line: Number(m[2]) } : { file: origin, line: Number.NaN };
}

/** The event loop is let turn at least this often while articles are read and embedded. */
const TURN_MS = 10;
let turned = 0;

/**
 * Where a run may stop: throws the signal's reason once it is aborted. The reading loop runs on
 * promises that are already settled (files are read synchronously, the shards' threads keep up), so
 * the event loop had no turn for seconds, and a Ctrl-C was seen only that much later: more than the
 * 30–60 ms `tsx` gives a child to take a signal before it kills it outright. At most every TURN_MS
 * the loop is let turn here, signal handlers included.
 */
async function stopPoint(signal: AbortSignal | undefined): Promise<void> {
  const now = performance.now();
  if (now - turned >= TURN_MS) {
    await new Promise((resolve) => setImmediate(resolve));
    turned = performance.now();
  }
  signal?.throwIfAborted();
}

/** What `work` settles to, unless `signal` is aborted first: then its reason is thrown at once. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason as Error);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** Writes one new generation folder; nothing is visible to readers until `commit`. */
class GenerationWriter {
  readonly name: string;
  readonly dir: string;
  private readonly store: PassageStore;
  /** The graph, built on its own thread while this one reads, embeds and stores. */
  private readonly vectors: VectorBuilder;
  private readonly m: number;
  private readonly efConstruction: number;
  private readonly shards: number;
  private nextLabel: number;
  /**
   * Labels of the stored passages waiting for their vectors. Only labels: while the removal guard
   * holds them back (until enough indexed articles are read, perhaps after most of a large source),
   * their texts wait in the generation's passage store, not in memory; `flush` reads them back.
   */
  private pending: number[] = [];
  private readonly batchSize: number;
  private readonly analyzer = createAnalyzer();
  private readonly say: (message: string) => void;
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly indexDir: string,
    private readonly embeddings: IndexEmbeddings,
    previous: { dir: string; manifest: Manifest } | null,
    opts: BuildOptions,
    /** Whether queued passages may be embedded yet; until then they wait (see `flush`). */
    private readonly mayEmbed: () => boolean = () => true,
  ) {
    this.name = `gen-${new Date().toISOString().replace(/[:.]/g, '')}-${process.pid}`;
    this.dir = path.join(indexDir, this.name);
    this.batchSize = opts.batchSize ?? EMBED_BATCH;
    this.say = opts.onPhase ?? (() => {});
    this.signal = opts.signal;
    this.m = previous?.manifest.hnsw.m ?? opts.hnsw?.m ?? 16;
    this.efConstruction = previous?.manifest.hnsw.efConstruction ?? opts.hnsw?.efConstruction ?? 200;
    const shards = startingShards(previous, opts.hnsw?.shards ?? DEFAULT_SHARDS);
    this.shards = shards.length;
    const dbFile = path.join(this.dir, FILES.passages);
    fs.mkdirSync(this.dir);
    // Until the constructor returns, `abandon` cannot be called: a failure here (a full disk while
    // the store is copied) removes the folder itself. It had been left behind, empty or with part
    // of the copy, until the next run. The shards' threads start last, once nothing else can fail.
    let store: PassageStore | null = null;
    try {
      if (previous) {
        const from = path.join(previous.dir, FILES.passages);
        this.say(
          `copying the passage store of ${previous.manifest.generation} (${mib(fs.statSync(from).size)})`,
        );
        fs.copyFileSync(from, dbFile);
      }
      store = new PassageStore(dbFile);
      store.forBuilding();
      this.nextLabel = store.nextLabel();
    } catch (err) {
      store?.close();
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw err;
    }
    this.store = store;
    this.vectors = new VectorBuilder({
      dimension: embeddings.dimension,
      m: this.m,
      efConstruction: this.efConstruction,
      shards,
    });
  }

  removeArticle(id: string): void {
    // Passages of this article still waiting for their vectors are dropped with it.
    const labels = new Set(this.store.labelsOf(id));
    const waiting = new Set(this.pending);
    this.pending = this.pending.filter((l) => !labels.has(l));
    this.vectors.remove([...labels].filter((l) => !waiting.has(l)));
    this.store.transaction(() => this.store.deleteArticle(id));
  }

  /**
   * Gives the stored article `from`, which the sources no longer hold, the id and metadata of
   * `article`, which has its text: its passages and their vectors stay as they are.
   */
  renameArticle(from: string, article: Omit<Article, 'text'>, hash: string): void {
    const a = { ...article, text: '', origin: absoluteOrigin(article.origin) };
    this.store.transaction(() => this.store.renameArticle(from, a, hash));
  }

  /** Records where unchanged articles are now read from. */
  setOrigins(moved: readonly (readonly [id: string, origin: string])[]): void {
    this.store.transaction(() => {
      for (const [id, origin] of moved) this.store.setOrigin(id, absoluteOrigin(origin));
    });
  }

  /**
   * Records the article's metadata (title, source, date, url, language), content hash and origin over
   * the stored article of its id, when that has the same text; returns whether it had. Passages, their
   * terms and vectors come of the text alone (search joins the metadata in): correcting an article's
   * date or source had embedded all its passages again.
   */
  updateMetadata(article: Article, hash: string): boolean {
    return this.store.updateMetadata({ ...article, origin: absoluteOrigin(article.origin) }, hash);
  }

  /** Stores the article and queues its passages; returns how many were embedded now. */
  async addArticle(article: Article, hash: string): Promise<number> {
    const passages = passagesOf(article);
    this.store.transaction(() => {
      this.store.insertArticle({ ...article, origin: absoluteOrigin(article.origin) }, hash);
      for (const p of passages) {
        const label = this.nextLabel++;
        this.store.insertPassage({ ...p, label, terms: indexTerms(this.analyzer, p.text).join(' ') });
        this.pending.push(label);
      }
    });
    return this.pending.length >= this.batchSize && this.mayEmbed() ? this.flush() : 0;
  }

  /** Embeds every queued passage, a batch at a time, and adds the vectors. */
  async flush(): Promise<number> {
    let embedded = 0;
    while (this.pending.length) {
      await stopPoint(this.signal);
      const batch = this.pending.splice(0, this.batchSize);
      const vectors = await this.embeddings.embedDocuments(this.store.passageTexts(batch));
      await this.vectors.add(batch, vectors);
      embedded += batch.length;
    }
    return embedded;
  }

  /** Writes the lexical index, vectors and manifest, fsyncs everything and switches CURRENT. */
  async commit(sources: readonly string[], hashes: Record<string, string>): Promise<Manifest> {
    const files = {
      passages: path.join(this.dir, FILES.passages),
      lexical: path.join(this.dir, FILES.lexical),
      articleLexical: path.join(this.dir, FILES.articleLexical),
    };
    const shardFiles = vectorFiles(this.dir, this.shards);
    // The graph threads finish their queues and write while this one builds the lexical indexes.
    const graph = this.vectors.write(shardFiles);
    graph.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
    const shards = `${this.shards} vector shard${this.shards > 1 ? 's' : ''}`;
    this.say(
      `writing the lexical indexes of ${counted('en', this.store.counts().passages, PASSAGES)} while the ${shards} finish`,
    );
    // 1.3 s for 18,000 passages, growing with the index: a stop is let in between two passages.
    await writePassageLexical(this.store, files.lexical, this.signal);
    await writeArticleLexical(this.store, files.articleLexical, this.signal);
    this.say(`waiting for the ${shards} to take their last vectors and be written`);
    // A stop is taken here at once, not once the shards are written: their threads still had the
    // vectors queued to insert (all of a new index's last batches), and a Ctrl-C waited for them.
    // `abandon` then stops the threads between two hnswlib calls, the rest of their queues skipped.
    const hnsw = await untilAborted(graph, this.signal);
    await this.vectors.close();
    // The last point at which a stop leaves nothing: what follows is synchronous, up to CURRENT.
    this.signal?.throwIfAborted();
    const counts = this.store.counts();
    const dates = this.store.dateRange();
    const languages = this.store.languages();
    this.store.db.pragma('journal_mode = DELETE');
    this.store.close();
    const entry = (f: string) => ({ bytes: fs.statSync(f).size, sha256: sha256File(f) });
    const written = [...Object.values(files), ...shardFiles];
    const bytes = written.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    this.say(`checksumming and syncing ${written.length} files (${mib(bytes)}) to disk`);
    for (const f of written) fsyncPath(f);
    const manifest: Manifest = {
      format: FORMAT_VERSION,
      pipeline: PIPELINE_VERSION,
      generation: this.name,
      builtAt: new Date().toISOString(),
      source: sources.map((s) => path.resolve(s)).join(path.delimiter),
      embedder: { id: this.embeddings.id, dimension: this.embeddings.dimension },
      hnsw: {
        space: 'cosine',
        m: this.m,
        efConstruction: this.efConstruction,
        shards: hnsw.map(({ capacity, count, deleted }) => ({ capacity, count, deleted })),
      },
      counts,
      bm25Format: BM25_FORMAT,
      dates,
      languages,
      articles: hashes,
      files: {
        passages: entry(files.passages),
        vectors: shardFiles.map(entry),
        lexical: entry(files.lexical),
        articleLexical: entry(files.articleLexical),
      },
    };
    fs.writeFileSync(path.join(this.dir, FILES.manifest), JSON.stringify(manifest));
    fsyncPath(path.join(this.dir, FILES.manifest));
    fsyncPath(this.dir);
    let before: string | null = null;
    try {
      before = currentGeneration(this.indexDir);
    } catch {
      // A damaged CURRENT is what this run repairs; its leftovers go at the next run.
    }
    writeFileAtomic(path.join(this.indexDir, CURRENT), `${this.name}\n`);
    this.committed = true;
    if (before && path.resolve(before) !== path.resolve(this.dir))
      fs.rmSync(before, { recursive: true, force: true });
    return manifest;
  }

  private committed = false;

  /** Deletes the folder of a generation that was not committed. */
  async abandon(): Promise<void> {
    if (this.committed) return;
    await this.vectors.close();
    this.store.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * What each shard of a new generation starts from. Labels are routed by `label % shards`, so a
 * generation keeps its predecessor's shards; only a new index takes `count`.
 */
function startingShards(
  previous: { dir: string; manifest: Manifest } | null,
  count: number,
): { previousFile: string | null; deleted: number }[] {
  if (!previous) return Array.from({ length: count }, () => ({ previousFile: null, deleted: 0 }));
  const { shards } = previous.manifest.hnsw;
  const files = vectorFiles(previous.dir, shards.length);
  return shards.map((s, i) => ({ previousFile: files[i]!, deleted: s.deleted }));
}

/**
 * Generation folders other than `current`, the one this run builds on, are leftovers of an interrupted
 * or superseded run. While CURRENT is not `sound` (lost or damaged), only the half-written ones (no
 * manifest) go: a finished one stays until CURRENT names a generation again, so that the next run
 * clears it.
 */
function removeAbandonedGenerations(indexDir: string, current: string | null, sound: boolean): void {
  for (const name of fs.readdirSync(indexDir)) {
    const full = path.join(indexDir, name);
    if (
      name.startsWith('gen-') &&
      (!current || path.resolve(full) !== path.resolve(current)) &&
      (sound || !fs.existsSync(path.join(full, FILES.manifest)))
    ) {
      fs.rmSync(full, { recursive: true, force: true });
    }
    if (name.startsWith(`${CURRENT}.tmp-`)) fs.rmSync(full, { force: true });
  }
}

/** A size for a progress line. */
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const split = (terms: string | null) => (terms ? terms.split(' ') : []);

/**
 * The two lexical files are built one after the other, each from its own pass over the stored terms,
 * so that only one builder's postings are in memory at a time. Ingesting all of ANT: peak RSS 1,383 MiB
 * with both built in one pass, 1,100 MiB this way (1,097 before the article index).
 */
async function writePassageLexical(store: PassageStore, file: string, signal?: AbortSignal): Promise<void> {
  const bm25 = new Bm25Builder();
  for (const row of store.allTerms()) {
    await stopPoint(signal);
    bm25.add(row.label, [...split(row.terms), ...leadField(split(row.leadTerms))]);
  }
  bm25.writeFile(file);
}

async function writeArticleLexical(store: PassageStore, file: string, signal?: AbortSignal): Promise<void> {
  const articles = new Bm25Builder();
  // An article is the run of passages that share a first passage.
  let first = -1;
  let bag: string[] = [];
  for (const row of store.allTerms()) {
    await stopPoint(signal);
    if (row.first !== first) {
      if (bag.length) articles.add(first, bag);
      first = row.first;
      bag = [];
    }
    for (const t of split(row.terms)) bag.push(t);
  }
  if (bag.length) articles.add(first, bag);
  articles.writeFile(file, ARTICLE_BM25);
}
