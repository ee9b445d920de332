import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { sha256File } from './fsutil.js';

/** Bumped when chunking or analysis (stemming, stopwords, index terms) changes, so an old index is rebuilt rather than mixed. */
export const PIPELINE_VERSION = 'chunk-v3+analyzer-v7+surface-v1';
/** 2: the HNSW graph is split into shards, one file each. */
export const FORMAT_VERSION = 2;

export const FILES = {
  manifest: 'manifest.json',
  passages: 'passages.sqlite',
  lexical: 'lexical.bm25',
  articleLexical: 'articles.bm25',
} as const;

/** The files of a generation's HNSW shards, in order. A passage's vector lives in shard `label % shards`. */
export const vectorFiles = (genDir: string, shards: number): string[] =>
  Array.from({ length: shards }, (_, i) => path.join(genDir, `vectors-${i}.hnsw`));

const fileEntry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().length(64) });

export const manifestSchema = z.object({
  format: z.literal(FORMAT_VERSION),
  pipeline: z.string(),
  generation: z.string(),
  builtAt: z.string(),
  source: z.string(),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  hnsw: z.object({
    space: z.literal('cosine'),
    m: z.number().int(),
    efConstruction: z.number().int(),
    /** One graph per shard, each built and searched on a thread of its own. */
    shards: z
      .array(
        z.object({
          capacity: z.number().int(),
          /** Vectors added, deleted ones included. */
          count: z.number().int().nonnegative(),
          deleted: z.number().int().nonnegative(),
        }),
      )
      .min(1),
  }),
  counts: z.object({ articles: z.number().int(), passages: z.number().int() }),
  /** Layout of lexical.bm25; an older one is rewritten by the next ingestion (no re-embedding). */
  bm25Format: z.number().int().default(1),
  dates: z.object({ earliest: z.string().nullable(), latest: z.string().nullable() }),
  /** Articles by language ({ ar: 5, en: 1 }); not in a generation written before it was kept. */
  languages: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Content hash of every article, by id: what makes re-ingestion incremental. */
  articles: z.record(z.string(), z.string()),
  files: z.object({
    passages: fileEntry,
    vectors: z.array(fileEntry).min(1),
    lexical: fileEntry,
    /** Since bm25Format 4. */
    articleLexical: fileEntry.optional(),
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** An index that cannot be used as it is; the message says what to do. */
export class IndexError extends Error {
  override name = 'IndexError';
}

export const CURRENT = 'CURRENT';

/**
 * What to say when the index folder `indexDir` could not be made or read because it, or a folder
 * above it, is a file (EEXIST, ENOTDIR): --index or INDEX_DIR named, say, a corpus file. Any other
 * error is returned as it is.
 */
export function notAFolderError(indexDir: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code !== 'EEXIST' && code !== 'ENOTDIR') return err;
  let file = path.resolve(indexDir);
  while (!isFile(file) && path.dirname(file) !== file) file = path.dirname(file);
  return new IndexError(
    `${indexDir} cannot hold an index: ${file} is a file, not a folder. ` +
      '--index (or INDEX_DIR) names the folder the index is kept in.',
    { cause: err },
  );
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The generation folder that CURRENT names, or null when there is no index yet. */
export function currentGeneration(indexDir: string): string | null {
  const file = path.join(indexDir, CURRENT);
  if (!fs.existsSync(file)) return null;
  const name = fs.readFileSync(file, 'utf8').trim();
  if (!/^gen-[\w.-]+$/.test(name)) {
    throw new IndexError(
      `${file} is damaged (it should name a generation folder). Re-run \`npm run ingest\`.`,
    );
  }
  return path.join(indexDir, name);
}

/**
 * The generation to open or build on in `indexDir`, with why CURRENT could not name it (null when
 * it did). When CURRENT is missing, damaged, or names a folder that is not there, it is the newest
 * finished generation whose files all pass their checksums: a half-written one has no manifest yet,
 * and a damaged one fails them. Without such a generation, it is what CURRENT names (opening then
 * says what is wrong with it), or null when there is no CURRENT; a damaged CURRENT's IndexError is
 * thrown. With `verify: false` the checksums are left to whoever opens it, and the newest finished
 * generation whose manifest reads is the one (a guess at what opening will pick, without reading
 * every file twice).
 */
export function locateGeneration(
  indexDir: string,
  opts: { verify?: boolean } = {},
): { dir: string; lost: string | null } | null {
  const file = path.join(indexDir, CURRENT);
  let named: string | null = null;
  let lost: string;
  let damaged: IndexError | null = null;
  try {
    named = currentGeneration(indexDir);
    if (named && fs.existsSync(named)) return { dir: named, lost: null };
    lost = named ? `${file} names ${path.basename(named)}, which is not there` : `${file} is missing`;
  } catch (err) {
    if (!(err instanceof IndexError)) throw err;
    damaged = err;
    lost = `${file} is damaged`;
  }
  for (const name of completeGenerations(indexDir)) {
    const dir = path.join(indexDir, name);
    try {
      const manifest = readManifest(dir);
      if (opts.verify !== false) checkGeneration(dir, manifest, { hash: 'all' });
      return { dir, lost };
    } catch (err) {
      if (!(err instanceof IndexError)) throw err;
    }
  }
  if (damaged) throw damaged;
  return named ? { dir: named, lost: null } : null;
}

/**
 * Generation folders of `indexDir` that were finished (they have a manifest), newest first: what a
 * lost CURRENT may have named.
 */
export function completeGenerations(indexDir: string): string[] {
  if (!fs.existsSync(indexDir)) return [];
  let names: string[];
  try {
    names = fs.readdirSync(indexDir);
  } catch (err) {
    throw notAFolderError(indexDir, err);
  }
  return names
    .filter((name) => name.startsWith('gen-') && fs.existsSync(path.join(indexDir, name, FILES.manifest)))
    .sort()
    .reverse();
}

/**
 * Whether `indexDir` holds an index, or what is left of one (a CURRENT file, a finished generation)
 * for opening it to report on: false for a folder that is missing, empty, or holds only the leftover
 * of a first ingestion that never finished.
 */
export function holdsIndex(indexDir: string): boolean {
  return fs.existsSync(path.join(indexDir, CURRENT)) || completeGenerations(indexDir).length > 0;
}

export function readManifest(genDir: string): Manifest {
  const file = path.join(genDir, FILES.manifest);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new IndexError(`${file} cannot be read (${(err as Error).message}). Re-run \`npm run ingest\`.`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== FORMAT_VERSION) {
    throw new IndexError(
      `${file} describes an index of layout ${format}; this version reads layout ${FORMAT_VERSION}. ` +
        'Re-run `npm run ingest` to rebuild it.',
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new IndexError(`${file} is not a valid manifest (${why}). Re-run \`npm run ingest\`.`);
  }
  return parsed.data;
}

/**
 * Throws IndexError, saying to re-run ingestion, when a file of the generation is missing or has
 * the wrong size, or (as `hash` asks) fails its checksum: 'parsed' checks the vector and BM25
 * files, which are parsed by code that trusts them (hnswlib can crash on a damaged file); SQLite
 * detects damage itself. 'all' checks the passage store too, as ingestion does before building on it.
 * `lexical: false` leaves out the BM25 files, which ingestion writes afresh rather than reuses;
 * `reused: false` checks only those (the passage store and vectors left out).
 */
export function checkGeneration(
  dir: string,
  manifest: Manifest,
  {
    hash,
    lexical = true,
    reused = true,
  }: { hash: 'none' | 'parsed' | 'all'; lexical?: boolean; reused?: boolean },
): void {
  const lexicalFiles = [
    { file: path.join(dir, FILES.lexical), expected: manifest.files.lexical, parsed: true },
    { file: path.join(dir, FILES.articleLexical), expected: manifest.files.articleLexical, parsed: true },
  ];
  const reusedFiles = [
    { file: path.join(dir, FILES.passages), expected: manifest.files.passages, parsed: false },
    ...vectorFiles(dir, manifest.hnsw.shards.length).map((file, i) => ({
      file,
      expected: manifest.files.vectors[i],
      parsed: true,
    })),
  ];
  const checks = [...(reused ? reusedFiles : []), ...(lexical ? lexicalFiles : [])];
  for (const { file, expected, parsed } of checks) {
    const fail = (what: string) =>
      new IndexError(`${file} ${what}: the index is damaged. Re-run \`npm run ingest\` to rebuild it.`);
    if (!expected || !fs.existsSync(file)) throw fail('is missing');
    if (fs.statSync(file).size !== expected.bytes) throw fail('has the wrong size');
    const hashed = hash === 'all' || (hash === 'parsed' && parsed);
    if (hashed && sha256File(file) !== expected.sha256) throw fail('fails its checksum');
  }
}
