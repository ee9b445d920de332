import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { BM25_FORMAT, Bm25Builder } from '../../src/index/bm25.js';
import { sha256File } from '../../src/index/fsutil.js';
import { holdsIndex } from '../../src/index/manifest.js';
import { PassageStore } from '../../src/index/store.js';
import { VectorBuilder } from '../../src/index/vector-builder.js';
import { countArticles, loadArticles } from '../../src/corpus/index.js';
import {
  articleHash,
  buildIndex,
  IncidentIndex,
  IndexError,
  NothingToIndexError,
  RemovalRefusedError,
  type BuildProgress,
} from '../../src/index/index.js';
import { explainError } from '../../src/cli/errors.js';
import { tokens } from '../../src/text/index.js';
import { articlesJsonl, copySeeds, SEEDS_DIR, syntheticJsonl, tmpDir } from '../helpers/corpus.js';

/** The lexical embedder, counting how many texts it is asked to embed. */
class CountingEmbeddings extends LexicalEmbeddings {
  embedded = 0;
  override embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    return super.embedDocuments(texts);
  }
}

const open = (dir: string, e: LexicalEmbeddings, efSearch = 50) =>
  IncidentIndex.open(dir, { embedder: { id: e.id, dimension: e.dimension }, efSearch });

const build = (source: string, indexDir: string, embeddings: LexicalEmbeddings) =>
  buildIndex({ source, indexDir, embeddings, maxArticleBytes: 1_000_000 });

test('builds the seed index, opens it with efSearch set, and finds passages both ways', async () => {
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  const report = await build('data/articles', indexDir, e);
  assert.equal(report.added, 5);
  assert.equal(report.changed, true);
  assert.ok(report.passages > 40, `passages: ${report.passages}`);
  assert.equal(e.embedded, report.passages);
  const idx = open(indexDir, e, 77);
  try {
    await idx.ready();
    assert.equal(idx.manifest.hnsw.shards.length, 2, 'a new index has the default two shards');
    assert.equal(idx.manifest.counts.articles, 5);
    assert.equal(Object.keys(idx.manifest.articles).length, 5);
    const query = 'قاعدة القرية الخضراء';
    const lex = idx.bm25(
      tokens(query).map((term) => ({ term, weight: 1 })),
      3,
    );
    const dense = await idx.dense(await e.embedQuery(query), 3);
    for (const hits of [lex, dense]) {
      assert.equal(hits.length, 3);
      const row = idx.store.passage(hits[0]!.label)!;
      assert.match(row.text, /القر[يی]ة الخضراء/);
      const article = idx.store.article(row.articleId)!;
      assert.equal(article.text.slice(row.start, row.end), row.text, 'offsets quote the article exactly');
    }
  } finally {
    await idx.close();
  }
});

test('re-ingesting is incremental: unchanged, updated, added and removed articles', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);

  e.embedded = 0;
  const again = await build(src, indexDir, e);
  assert.equal(again.changed, false);
  assert.equal(again.unchanged, 5);
  assert.equal(e.embedded, 0, 'nothing is embedded again');

  const files = fs.readdirSync(src).sort();
  const changedFile = path.join(src, files[0]!);
  fs.appendFileSync(changedFile, '\nجملة جديدة عن قاعدة التنف الحدودية وهجوم بطائرة مسيرة.\n');
  fs.rmSync(path.join(src, files[1]!));
  fs.writeFileSync(
    path.join(src, 'new.md'),
    '---\nid: new-one\nsource: Test\n---\nخبر جديد عن قصف مدفعي قرب البوكمال.\n',
  );
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged },
    { added: 1, updated: 1, removed: 1, unchanged: 3 },
  );
  const idx = open(indexDir, e);
  try {
    const expected = ['new-one', path.basename(files[0]!, '.md')]
      .map((id) => idx.store.labelsOf(id).length)
      .reduce((a, b) => a + b, 0);
    assert.equal(e.embedded, expected, 'only the new and changed articles were embedded');
    assert.equal(
      idx.store.article(path.basename(files[1]!, '.md')),
      undefined,
      'the removed article is gone',
    );
    assert.equal(idx.manifest.counts.articles, 5);
    const hits = idx.bm25([{ term: tokens('التنف')[0]!, weight: 1 }], 10);
    assert.ok(hits.some((h) => idx.store.passage(h.label)!.text.includes('جملة جديدة')));
    // Removed passages are no longer found by dense search either.
    const removedId = path.basename(files[1]!, '.md');
    const dense = await idx.dense(await e.embedQuery('الميليشيات الإيرانية القوات الأمريكية'), 40);
    assert.ok(dense.every((h) => idx.store.passage(h.label)?.articleId !== removedId));
    assert.equal(
      fs.readdirSync(indexDir).filter((n) => n.startsWith('gen-')).length,
      1,
      'old generation removed',
    );
  } finally {
    await idx.close();
  }
});

test('a CRLF or BOM re-save of an indexed file embeds nothing and changes no passage', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const passages = async () => {
    const idx = open(indexDir, e);
    try {
      return idx.store.labelsOf('002_0aeae3b849c18532').map((l) => idx.store.passage(l));
    } finally {
      await idx.close();
    }
  };
  const before = await passages();
  // As an editor on Windows saves it.
  const file = path.join(src, '002_0aeae3b849c18532.md');
  fs.writeFileSync(file, '\uFEFF' + fs.readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { unchanged: r.unchanged, updated: r.updated, changed: r.changed, embedded: e.embedded },
    { unchanged: 5, updated: 0, changed: false, embedded: 0 },
  );
  assert.deepEqual(await passages(), before);
});

test('an article whose metadata alone changed is updated without embedding it again', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const id = '000_491cdc483407fe0a';
  const stored = async () => {
    const idx = open(indexDir, e);
    try {
      const labels = idx.store.labelsOf(id);
      return {
        article: idx.store.article(id),
        passages: labels.map((l) => idx.store.passage(l)),
        labels,
        dates: idx.manifest.dates,
      };
    } finally {
      await idx.close();
    }
  };
  const before = await stored();
  const file = path.join(src, `${id}.md`);
  const edited = fs
    .readFileSync(file, 'utf8')
    .replace(/^title: null$/m, 'title: "ضربات على مواقع الميليشيات"')
    .replace(/^source: .*$/m, 'source: Enab Baladi')
    .replace(/^published: .*$/m, 'published: "2024-01-06"');
  // Renamed too: where it is now is recorded with the rest.
  fs.rmSync(file);
  const renamed = path.join(src, 'edited.md');
  fs.writeFileSync(renamed, edited);
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { updated: r.updated, unchanged: r.unchanged, added: r.added, removed: r.removed, embedded: e.embedded },
    { updated: 1, unchanged: 4, added: 0, removed: 0, embedded: 0 },
  );
  const after = await stored();
  assert.deepEqual(after.labels, before.labels, 'the same passages and vectors');
  assert.deepEqual(
    { ...after.article, title: null, source: before.article!.source, published: '2022-01-05' },
    before.article,
  );
  assert.equal(after.article!.title, 'ضربات على مواقع الميليشيات');
  assert.equal(after.passages[0]!.source, 'Enab Baladi', 'search results show the new metadata');
  assert.equal(after.passages[0]!.published, '2024-01-06');
  assert.equal(after.dates.latest, '2024-01-06');
  assert.equal((await storedOrigins(indexDir, e))[id], renamed);
  // The new content hash is recorded: the next run has nothing to do.
  const again = await build(src, indexDir, e);
  assert.deepEqual([again.changed, again.unchanged, e.embedded], [false, 5, 0]);
  // Its text edited, an article is embedded again, as before.
  fs.appendFileSync(renamed, 'وقال مصدر محلي إن القصف استمر ساعة.\n');
  const text = await build(src, indexDir, e);
  assert.equal(text.updated, 1);
  assert.ok(e.embedded > 0);
});

test('an article under a new id but with the text of a removed one takes its passages and vectors, embedding nothing', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const stored = async (ids: string[]) => {
    const idx = open(indexDir, e);
    try {
      const found = await idx.dense(await e.embedQuery('قاعدة القرية الخضراء'), 80);
      return {
        labels: ids.map((id) => idx.store.labelsOf(id)),
        articles: ids.map((id) => idx.store.article(id)),
        manifest: Object.keys(idx.manifest.articles).sort(),
        dense: new Set(found.map((h) => idx.store.passage(h.label)!.articleId)),
      };
    } finally {
      await idx.close();
    }
  };
  const [a, b] = ['000_491cdc483407fe0a', '002_0aeae3b849c18532'];
  const before = await stored([a, b]);
  // One is given a new id (its old one gone); one is copied under a new id, embedded as before.
  const withId = (id: string, to: string) => {
    const text = fs.readFileSync(path.join(src, `${id}.md`), 'utf8');
    fs.writeFileSync(path.join(src, `${to}.md`), text.replace(/^id: .*$/m, `id: ${to}`));
  };
  withId(a, 'renamed');
  fs.rmSync(path.join(src, `${a}.md`));
  withId(b, 'copy');
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  const after = await stored(['renamed', 'copy', a, b]);
  assert.deepEqual(
    { added: r.added, removed: r.removed, unchanged: r.unchanged, reused: r.reused },
    { added: 2, removed: 1, unchanged: 4, reused: 1 },
  );
  assert.equal(e.embedded, after.labels[1]!.length, 'only the copy, whose original stays, is embedded');
  assert.deepEqual(
    after.labels[0],
    before.labels[0],
    'the renamed article has the passages and vectors it had',
  );
  assert.deepEqual(after.labels[2], [], 'its old id is gone');
  assert.equal(after.articles[0]!.text, before.articles[0]!.text);
  assert.equal(after.articles[0]!.id, 'renamed');
  assert.ok(after.manifest.includes('renamed') && !after.manifest.includes(a));
  assert.ok(after.dense.has('renamed') && !after.dense.has(a), 'dense search finds it under its new id');
  // The next run finds it up to date.
  e.embedded = 0;
  const again = await build(src, indexDir, e);
  assert.deepEqual({ changed: again.changed, embedded: e.embedded }, { changed: false, embedded: 0 });
});

test('a corpus exported again with new ids embeds nothing, and the removal guard does not take it for another', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  const first = await build(corpus, indexDir, e);
  const lines = fs.readFileSync(corpus, 'utf8').trim().split('\n');
  fs.writeFileSync(corpus, lines.map((l) => l.replace(/"id":"syn-/, '"id":"export2-')).join('\n') + '\n');
  e.embedded = 0;
  const r = await build(corpus, indexDir, e);
  assert.deepEqual(
    { added: r.added, removed: r.removed, reused: r.reused, embedded: e.embedded, passages: r.passages },
    { added: 40, removed: 40, reused: 40, embedded: 0, passages: first.passages },
  );
  const idx = open(indexDir, e);
  try {
    assert.deepEqual(Object.keys(idx.manifest.articles).sort(), lines.map((_, i) => `export2-${i}`).sort());
    const hits = await idx.dense(await e.embedQuery('قصف التحالف الدولي 7.'), 5);
    assert.ok(hits.every((h) => idx.store.passage(h.label)!.articleId.startsWith('export2-')));
  } finally {
    await idx.close();
  }
});

/**
 * The content hashes of the seed articles (LF files) as indexes built before CRLF files were read as
 * LF recorded them: were they to change, every existing index would embed all its articles again.
 */
test('the content hashes of LF articles are those existing indexes hold', async () => {
  const hashes: Record<string, string> = {};
  for await (const a of loadArticles(SEEDS_DIR, { maxArticleBytes: 1_000_000, onSkip: () => {} }))
    hashes[a.id] = articleHash(a);
  assert.deepEqual(hashes, {
    '000_491cdc483407fe0a': '869410f2deeac4f8d1c60db0b8b77f5ca2c1c8913e01a69a46658a67c22e9a8c',
    '001_ac5e62f6193e386d': '0a7872ffb08553801ff484e2c60de0aa67365df590bc5a28fbebfd97bb53e83c',
    '002_0aeae3b849c18532': 'b2ce3395cf4520ddbca262b7335aa658b5a178be353453d1a0fc0250e92ccbb2',
    '003_827349901dd84165': 'd41a71cc1d2d3ec94fb8ffcb3826b3a25daca57c817a9f393a06c904b674af87',
    '004_13ee92c3984e32c2': 'eb6b7a2c55148d55fe554e9a275935e86259133c417e2a4797d48771ec0d4291',
  });
});

test('refuses an index built by another embedder, with a message saying what to do', async () => {
  const indexDir = tmpDir();
  await build('data/articles', indexDir, new LexicalEmbeddings({ dimension: 128 }));
  assert.throws(
    () => open(indexDir, new LexicalEmbeddings({ dimension: 256 })),
    (err: unknown) =>
      err instanceof IndexError && /npm run ingest/.test(err.message) && /d128/.test(err.message),
  );
});

test('a damaged or missing index file gives an IndexError, never a crash', async () => {
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
  const vectors = path.join(indexDir, gen, 'vectors-1.hnsw');
  const original = fs.readFileSync(vectors);

  const flipped = Buffer.from(original);
  for (let i = 100; i < flipped.length; i += 997) flipped[i] = flipped[i]! ^ 0xff;
  fs.writeFileSync(vectors, flipped);
  assert.throws(() => open(indexDir, e), /checksum.*npm run ingest/);

  fs.writeFileSync(vectors, original.subarray(0, original.length / 2));
  assert.throws(() => open(indexDir, e), /wrong size/);

  fs.rmSync(vectors);
  assert.throws(() => open(indexDir, e), /missing/);

  const manifestFile = path.join(indexDir, gen, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { pipeline: string };
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, pipeline: 'chunk-v0' }));
  assert.throws(() => open(indexDir, e), /earlier version of the analysis.*npm run ingest/);

  // An index written by an earlier layout (one graph file) is named as such.
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, format: 1 }));
  assert.throws(() => open(indexDir, e), /layout 1; this version reads layout 2.*npm run ingest/);

  fs.writeFileSync(manifestFile, '{"format": 1');
  assert.throws(() => open(indexDir, e), IndexError);

  fs.writeFileSync(path.join(indexDir, 'CURRENT'), '../../etc\n');
  assert.throws(() => open(indexDir, e), /damaged/);

  assert.throws(() => open(tmpDir(), e), /no index.*npm run ingest/i);

  // The next ingestion repairs it.
  const r = await build('data/articles', indexDir, e);
  assert.equal(r.changed, true);
  await open(indexDir, e).close();
});

test('ingestion rebuilds a damaged generation instead of calling it up to date', async () => {
  const e = new CountingEmbeddings();
  const indexDir = tmpDir();
  const first = await build('data/articles', indexDir, e);
  for (const file of ['vectors-0.hnsw', 'passages.sqlite']) {
    const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    const target = path.join(indexDir, gen, file);
    const bytes = fs.readFileSync(target);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff; // same size, other content: only the checksum tells
    fs.writeFileSync(target, bytes);
    e.embedded = 0;
    const r = await build('data/articles', indexDir, e);
    assert.equal(r.changed, true, `${file}: rebuilt`);
    assert.match(r.rebuildReason ?? '', new RegExp(`${file.replace('.', '\\.')} fails its checksum`));
    assert.equal(e.embedded, first.passages, `${file}: every passage embedded again`);
    assert.notEqual(r.generation, gen);
    await open(indexDir, e).close();
  }
  // A sound index is reused as before.
  const again = await build('data/articles', indexDir, e);
  assert.equal(again.changed, false);
  assert.equal(again.rebuildReason, null);
  assert.equal(again.repairReason, null);
});

test('ingestion writes damaged or missing BM25 files again, embedding nothing', async () => {
  const e = new CountingEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const damage: Record<string, (file: string) => void> = {
    'lexical.bm25': (file) => {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      fs.writeFileSync(file, bytes);
    },
    'articles.bm25': (file) => fs.truncateSync(file, 10),
  };
  for (const [file, spoil] of Object.entries(damage)) {
    const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    spoil(path.join(indexDir, gen, file));
    assert.throws(() => open(indexDir, e), /damaged/);
    e.embedded = 0;
    const r = await build('data/articles', indexDir, e);
    assert.equal(r.changed, true, `${file}: written again`);
    assert.equal(r.rebuildReason, null);
    assert.match(r.repairReason ?? '', new RegExp(file.replace('.', '\\.')));
    assert.equal(e.embedded, 0, `${file}: nothing embedded`);
    await open(indexDir, e).close();
  }
});

test('ingestion writes again a BM25 file cut short whose manifest vouches for it as it is', async () => {
  // What the old short-write bug left: a file shorter than its structure says, its size and
  // checksum taken of the short file. `npm run ask` could not open it and said to re-run ingestion,
  // which checked the checksums only and called the index up to date.
  const e = new CountingEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  for (const [file, key] of [
    ['articles.bm25', 'articleLexical'],
    ['lexical.bm25', 'lexical'],
  ] as const) {
    const gen = path.join(indexDir, fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim());
    const target = path.join(gen, file);
    fs.truncateSync(target, fs.statSync(target).size - 64);
    const manifestFile = path.join(gen, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      files: Record<string, { bytes: number; sha256: string }>;
    };
    manifest.files[key] = { bytes: fs.statSync(target).size, sha256: sha256File(target) };
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    assert.throws(() => open(indexDir, e), /cannot be loaded/);
    e.embedded = 0;
    const r = await build('data/articles', indexDir, e);
    assert.equal(r.changed, true, `${file}: written again`);
    assert.equal(r.rebuildReason, null);
    assert.match(r.repairReason ?? '', new RegExp(`${file.replace('.', '\\.')} cannot be read`));
    assert.equal(e.embedded, 0, `${file}: nothing embedded`);
    await open(indexDir, e).close();
    const again = await build('data/articles', indexDir, e);
    assert.equal(again.changed, false, `${file}: up to date once written again`);
  }
});

test('an article whose file is a link to nothing now (an unmounted drive) is skipped and kept, not removed', async () => {
  // A link that points at nothing had been left out of the folder's files without a word, and the
  // articles indexed from it removed; a .jsonl so linked, once read, had failed the whole run.
  const src = copySeeds();
  const away = tmpDir();
  const [first] = fs.readdirSync(src).sort();
  fs.renameSync(path.join(src, first!), path.join(away, first!));
  fs.symlinkSync(path.join(away, first!), path.join(src, first!));
  syntheticJsonl(path.join(away, 'more.jsonl'), 3);
  fs.symlinkSync(path.join(away, 'more.jsonl'), path.join(src, 'more.jsonl'));
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  assert.equal((await build(src, indexDir, e)).added, 8);
  fs.rmSync(away, { recursive: true });
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.equal(r.removed, 0);
  assert.equal(r.changed, false);
  assert.deepEqual(
    r.skipped.map((s) => [path.basename(s.origin), s.reason]),
    [
      [first!, `a symbolic link to ${path.join(away, first!)}, which is not there (ENOENT)`],
      ['more.jsonl:1', `a symbolic link to ${path.join(away, 'more.jsonl')}, which is not there (ENOENT)`],
    ],
  );
  assert.deepEqual(r.kept.map((k) => k.id).sort(), [first!.replace(/\.md$/, ''), 'syn-0', 'syn-1', 'syn-2']);
});

test('a source with no valid article replaces nothing', async () => {
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const before = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');
  const empty = tmpDir();
  fs.writeFileSync(path.join(empty, 'blank.md'), '   \n');
  await assert.rejects(build(empty, indexDir, e), (err: unknown) => {
    assert.ok(err instanceof NothingToIndexError);
    // What to mend is part of the error, not only a count.
    assert.deepEqual(
      err.skipped.map((s) => [path.basename(s.origin), s.reason]),
      [['blank.md', 'empty body: add the article text or remove it']],
    );
    return true;
  });
  assert.equal(fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8'), before);
  await open(indexDir, e).close();
});

test('an indexed article whose file became unreadable or invalid is kept, not removed; --strict replaces nothing', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new LexicalEmbeddings();
  await build(src, indexDir, e);
  const [first, second] = fs.readdirSync(src).sort();
  // A typo in the front matter of one, the other saved unreadable.
  const broken = path.join(src, first!);
  fs.writeFileSync(broken, fs.readFileSync(broken, 'utf8').replace(/^source:/m, 'sourse:'));
  const locked = path.join(src, second!);
  fs.chmodSync(locked, 0o000);
  const unreadable = (() => {
    try {
      fs.readFileSync(locked);
      return false; // root reads anything
    } catch {
      return true;
    }
  })();
  try {
    const before = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');
    await assert.rejects(
      buildIndex({ source: src, indexDir, embeddings: e, maxArticleBytes: 1_000_000, strict: true }),
      (err: unknown) => err instanceof NothingToIndexError && /--strict/.test(err.message),
    );
    assert.equal(
      fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8'),
      before,
      '--strict left it as it was',
    );

    const r = await build(src, indexDir, e);
    assert.equal(r.removed, 0);
    const kept = [path.basename(first!, '.md'), ...(unreadable ? [path.basename(second!, '.md')] : [])];
    assert.deepEqual(r.kept.map((k) => k.id).sort(), kept.sort());
    assert.ok(r.skipped.some((s) => s.origin === broken && /sourse/.test(s.reason)));
    if (unreadable)
      assert.ok(r.skipped.some((s) => s.origin === locked && /cannot be read \(EACCES\)/.test(s.reason)));
    const idx = open(indexDir, e);
    try {
      assert.equal(idx.manifest.counts.articles, 5);
      assert.ok(idx.store.article(path.basename(first!, '.md')));
    } finally {
      await idx.close();
    }
  } finally {
    fs.chmodSync(locked, 0o644);
  }
});

test('a truncated .jsonl.gz removes none of the articles it no longer lets be read', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'corpus.jsonl.gz');
  syntheticJsonl(file, 300, { gzip: true });
  const indexDir = tmpDir();
  const e = new LexicalEmbeddings();
  const whole = await build(file, indexDir, e);
  assert.equal(whole.added, 300);
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const r = await build(file, indexDir, e);
  assert.ok(r.skipped.some((s) => s.rest && /truncated/.test(s.reason)));
  assert.equal(r.removed, 0);
  assert.equal(r.kept.length + r.unchanged, 300);
  assert.ok(r.kept.length > 0);
  const idx = open(indexDir, e);
  try {
    assert.equal(idx.manifest.counts.articles, 300);
  } finally {
    await idx.close();
  }
});

test('kill -9 during ingestion leaves the previous index usable, and the next run completes', async () => {
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const before = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');

  const corpus = path.join(tmpDir(), 'big.jsonl.gz');
  syntheticJsonl(corpus, 4000, { gzip: true });
  const { child, writing } = spawnIngest(corpus, indexDir);
  // Wait until it is writing a new generation, then kill it without warning.
  await writing;
  child.kill('SIGKILL');
  await new Promise((r) => child.on('close', r));

  assert.equal(
    fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8'),
    before,
    'CURRENT still names the old index',
  );
  assert.ok(
    fs.readdirSync(indexDir).filter((n) => n.startsWith('gen-')).length >= 2,
    'a partial generation was left',
  );
  const idx = open(indexDir, e);
  assert.equal(idx.manifest.counts.articles, 5);
  assert.ok(idx.bm25([{ term: tokens('التحالف')[0]!, weight: 1 }], 1).length === 1, 'the old index answers');
  await idx.close();

  const r = await build(corpus, indexDir, e);
  assert.equal(r.changed, true);
  assert.equal(r.articles, 4000);
  assert.equal(
    fs.readdirSync(indexDir).filter((n) => n.startsWith('gen-')).length,
    1,
    'leftovers cleaned up',
  );
  const after = open(indexDir, e);
  assert.equal(after.manifest.counts.articles, 4000);
  await after.close();
});

test('Ctrl-C (SIGINT) or SIGTERM during ingestion says so, removes what it wrote, and releases the lock', async () => {
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const before = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');
  const corpus = path.join(tmpDir(), 'big.jsonl');
  syntheticJsonl(corpus, 3000);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const { child, writing, stderr } = spawnIngest(corpus, indexDir);
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    await writing;
    child.kill(signal);
    // Before, it ended by the signal itself without a word, its lock and half-written generation left.
    assert.deepEqual(await exited, [code, null], stderr());
    assert.match(stderr(), new RegExp(`^ingest: ${signal}: stopping`, 'm'));
    assert.match(
      stderr(),
      new RegExp(`stopped by ${signal} before it finished: nothing this run did was kept`),
    );
    assert.equal(fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8'), before, 'CURRENT as it was');
    assert.deepEqual(
      fs.readdirSync(indexDir).sort(),
      ['CURRENT', before.trim()],
      `${signal}: no lock and no half-written generation left`,
    );
  }
  // The next run finds no lock to take over, and the index as it was.
  const warnings: string[] = [];
  const r = await buildIndex({
    source: 'data/articles',
    indexDir,
    embeddings: e,
    maxArticleBytes: 1_000_000,
    onWarning: (m) => warnings.push(m),
  });
  assert.deepEqual(warnings, []);
  assert.equal(r.changed, false);
});

test('a second ingestion of one index in the same process is refused while the first runs', async () => {
  // The lock holds the process id: the second had found its own id there, taken the lock over as
  // "left by process N, which is no longer running", and written the same index beside the first.
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  const warnings: string[] = [];
  const run = () =>
    buildIndex({
      source: 'data/articles',
      indexDir,
      embeddings: e,
      maxArticleBytes: 1_000_000,
      onWarning: (m) => warnings.push(m),
    });
  const first = run();
  const second = run();
  await assert.rejects(second, (err: Error) =>
    /\.lock is held by this process \(\d+\): another ingestion of this index/.test(err.message),
  );
  assert.equal((await first).added, 5);
  assert.deepEqual(warnings, [], 'nothing was taken over');
  // Released by the first, the lock is free to the next run.
  assert.equal((await run()).changed, false);
});

test('npm run ingest runs the script in the process a Ctrl-C reaches, with no tsx process above it', () => {
  // Run by the tsx command, the script was a child of a tsx process that, told of a signal, gives its
  // child 30 ms to take it, signals it again (which ends a run at once), and kills it 30 ms later:
  // on a busy machine, one Ctrl-C in five left the lock and the half-written generation behind.
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.equal(scripts.ingest, 'node --import tsx scripts/ingest.ts');
});

test('a stop asked for while articles are read is taken within milliseconds, not after the reading', async () => {
  // Files are read synchronously and the shards' threads keep up, so the reading loop ran on settled
  // promises: a signal's handler (and `tsx`, which kills a child that does not take a signal within
  // 60 ms) waited for the whole reading. A stop asked for after the first article is now taken long
  // before the 500 passages of the first batch are embedded.
  const articles = tmpDir();
  for (let i = 0; i < 1000; i++) {
    fs.writeFileSync(path.join(articles, `a${i}.md`), `قصف في ريف دير الزور رقم ${i}.\n`);
  }
  const e = new CountingEmbeddings();
  const controller = new AbortController();
  const reason = new Error('stopped');
  await assert.rejects(
    buildIndex({
      source: articles,
      indexDir: tmpDir(),
      embeddings: e,
      maxArticleBytes: 1_000_000,
      batchSize: 500,
      signal: controller.signal,
      onProgress: () => setImmediate(() => controller.abort(reason)),
    }),
    (err) => err === reason,
  );
  assert.equal(e.embedded, 0, 'stopped before the first batch was embedded');
});

test('a stop while a generation is committed is taken at once, not after its files are written', async (t) => {
  // The lexical files are built and the shards' threads finish their queues at the end of a run,
  // seconds on a large source: a Ctrl-C had waited for both (2.3 s on 6,000 articles) before it
  // was taken. Here the shards take 4 s to finish.
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  const src = copySeeds();
  await build(src, indexDir, e);
  const before = fs.readdirSync(indexDir).sort();
  fs.writeFileSync(path.join(src, 'new.md'), 'قصفت طائرة مسيرة موقعاً قرب الشحيل.\n');
  const slowShards = (files: readonly string[]) =>
    new Promise((resolve) =>
      setTimeout(() => resolve(files.map(() => ({ capacity: 0, count: 0, deleted: 0 }))), 4000).unref(),
    );
  t.mock.method(VectorBuilder.prototype, 'write', slowShards);
  const lexicalFiles = t.mock.method(Bm25Builder.prototype, 'writeFile');
  for (const phase of ['writing the lexical indexes', 'waiting for the 2 vector shards']) {
    const controller = new AbortController();
    const reason = new Error(`stopped at ${phase}`);
    let stopped = 0;
    await assert.rejects(
      buildIndex({
        source: src,
        indexDir,
        embeddings: e,
        maxArticleBytes: 1_000_000,
        signal: controller.signal,
        onPhase: (m) => {
          if (!m.startsWith(phase)) return;
          stopped = performance.now();
          controller.abort(reason);
        },
      }),
      (err) => err === reason,
    );
    const took = performance.now() - stopped;
    assert.ok(took < 2000, `${phase}: the stop was taken ${took.toFixed(0)} ms after it was asked for`);
    assert.deepEqual(fs.readdirSync(indexDir).sort(), before, 'the generation is removed, the lock released');
    if (phase.startsWith('writing'))
      assert.equal(lexicalFiles.mock.callCount(), 0, 'no lexical file written');
  }
});

test('several sources make one index; an id seen in an earlier source is skipped', async () => {
  const e = new LexicalEmbeddings();
  const indexDir = tmpDir();
  const corpus = path.join(tmpDir(), 'more.jsonl');
  syntheticJsonl(corpus, 20);
  const extra = tmpDir();
  fs.writeFileSync(path.join(extra, 'syn-3.md'), '---\nid: syn-3\n---\nنسخة أخرى بالمعرّف نفسه.\n');
  const r = await buildIndex({
    source: ['data/articles', corpus, extra],
    indexDir,
    embeddings: e,
    maxArticleBytes: 1_000_000,
  });
  assert.equal(r.added, 25);
  assert.equal(r.skipped.length, 1);
  assert.match(
    r.skipped[0]!.reason,
    /^duplicate id "syn-3" \(first used by .*more\.jsonl:4\); give it a unique id$/,
  );
  const idx = open(indexDir, e);
  assert.equal(idx.manifest.counts.articles, 25);
  await idx.close();
});

test('a source given twice, or inside a folder also given, is read once, not a duplicate of itself', async () => {
  const src = copySeeds();
  const jsonl = articlesJsonl(src, [{ id: 'j1', text: 'قصف مدفعي قرب البوكمال.' }]);
  const hidden = path.join(src, '.drafts');
  fs.mkdirSync(hidden);
  const draft = articlesJsonl(hidden, [{ id: 'd1', text: 'هجوم بطائرة مسيرة.' }]);
  const warnings: string[] = [];
  // Before: every article of the second reading skipped, "duplicate id … give this one a unique id".
  const r = await buildIndex({
    source: [src, `${src}${path.sep}`, jsonl, draft],
    indexDir: tmpDir(),
    embeddings: new LexicalEmbeddings(),
    maxArticleBytes: 1_000_000,
    onWarning: (m) => warnings.push(m),
  });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.added, 7, 'the seeds, j1, and d1, which the folder does not read (a dot folder)');
  assert.deepEqual(warnings, [
    `${src}${path.sep} is given twice as a source: it is read once`,
    `${jsonl} is inside ${src}, also given as a source, which reads it: it is read once`,
  ]);
});

test('an index with an older lexical file layout is rewritten without embedding anything again', async () => {
  const e = new CountingEmbeddings();
  const indexDir = tmpDir();
  await build('data/articles', indexDir, e);
  const gen = path.join(indexDir, fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim());
  const manifestFile = path.join(gen, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  delete manifest.bm25Format; // as written before the field existed
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  assert.throws(
    () => open(indexDir, e),
    new RegExp(`lexical files of layout 1; this version reads layout ${BM25_FORMAT}.*npm run ingest`),
  );
  e.embedded = 0;
  const r = await build('data/articles', indexDir, e);
  assert.equal(r.changed, true);
  assert.equal(e.embedded, 0);
  const idx = open(indexDir, e);
  assert.equal(idx.manifest.bm25Format, BM25_FORMAT);
  await idx.close();
});

test("a passage is also found under its article's opening words, which it need not repeat", async () => {
  const e = new LexicalEmbeddings();
  const dir = tmpDir();
  const source = articlesJsonl(dir, [
    {
      id: 'iraq',
      text: 'العراق دولة عربية في غرب آسيا.\nعاصمته بغداد وهي أكبر مدنه وفيها مقر الحكومة والبرلمان.',
    },
    { id: 'news', text: 'قال مسؤولون إن الاحتجاجات امتدت.\nوصلت العاصمة الأردنية.' },
  ]);
  await build(source, path.join(dir, 'index'), e);
  const idx = open(path.join(dir, 'index'), e);
  try {
    const { leadTerm } = await import('../../src/index/index.js');
    const [capital, iraq] = tokens('عاصمة العراق');
    const hits = idx.bm25(
      [capital!, iraq!].flatMap((t) => [
        { term: t, weight: 1 },
        { term: leadTerm(t), weight: 1 },
      ]),
      5,
    );
    const found = idx.store.passages(hits.map((h) => h.label));
    const rank = (re: RegExp) => hits.findIndex((h) => re.test(found.find((p) => p.label === h.label)!.text));
    // Both say "capital"; the one in the article about Iraq ranks first although it does not say العراق.
    assert.ok(
      rank(/^عاصمته بغداد/) >= 0 && rank(/^عاصمته بغداد/) < rank(/العاصمة الأردنية/),
      JSON.stringify(found),
    );
    // Without the field, the shorter passage that says "capital" comes first.
    const plain = idx.bm25([{ term: capital!, weight: 1 }], 5);
    assert.match(idx.store.passages([plain[0]!.label])[0]!.text, /العاصمة الأردنية/);
    // Only the opening's first words make the field: "آسيا" is not in it.
    assert.deepEqual(idx.bm25([{ term: leadTerm(tokens('آسيا')[0]!), weight: 1 }], 5), []);
  } finally {
    await idx.close();
  }
});

test('the article index has one document per article, found by words no single passage holds together', async () => {
  const e = new LexicalEmbeddings();
  const dir = tmpDir();
  const source = articlesJsonl(dir, [
    { id: 'company', text: 'تأسست شركة جديدة للنقل في المدينة.' },
    { id: 'rome', text: 'تعد روما من أقدم مدن العالم.\nتأسست قبل الميلاد بقرون.' },
    { id: 'empty-of-words', text: 'في من على.' },
  ]);
  await build(source, path.join(dir, 'index'), e);
  const idx = open(path.join(dir, 'index'), e);
  try {
    const query = tokens('تأسست روما').map((term) => ({ term, weight: 1 }));
    const articles = idx.articles(query, 5);
    const firsts = articles.map((h) => idx.store.passage(h.label)!);
    // Labelled by each article's first passage; the article holding both words comes first.
    assert.deepEqual(
      firsts.map((p) => [p.articleId, p.ordinal]),
      [
        ['rome', 0],
        ['company', 0],
      ],
    );
    // Neither of rome's passages holds both words.
    for (const p of idx.store.passages(idx.store.labelsOf('rome'))) {
      assert.ok(!query.every((q) => p.terms.split(' ').includes(q.term)), p.text);
    }
    assert.equal(idx.articleLexical.docs, 2); // an article without a content word is no document
    // From an article hit to all of its passages.
    const rome = idx.store.labelsOf('rome').sort((a, b) => a - b);
    assert.deepEqual(
      idx.store.articlePassages([articles[0]!.label]),
      rome.map((label) => ({ label, from: articles[0]!.label })),
    );
  } finally {
    await idx.close();
  }
});

test('a new article that reuses an indexed id is the duplicate, wherever it sorts; the indexed one stays', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const id = '001_ac5e62f6193e386d';
  const indexedFile = path.join(src, `${id}.md`);
  const indexedText = fs.readFileSync(indexedFile, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
  // A copy of its front matter above a new body, in a file that sorts before the indexed one.
  const copy = path.join(src, '0-new.md');
  fs.writeFileSync(copy, `---\nid: ${id}\nsource: Test\n---\nخبر آخر تماماً عن قصف قرب البوكمال.\n`);
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged },
    { added: 0, updated: 0, removed: 0, unchanged: 5 },
  );
  assert.deepEqual(
    r.skipped.map((s) => [s.origin, s.reason]),
    [
      [
        copy,
        `duplicate id "${id}" (${indexedFile} holds the article already indexed under this id and keeps it); give this one a unique id`,
      ],
    ],
  );
  let idx = open(indexDir, e);
  try {
    assert.equal(idx.store.article(id)!.text, indexedText, 'the indexed article is still the one searched');
  } finally {
    await idx.close();
  }

  // Edited where it was indexed from, it is still the indexed article: the edit is taken, the copy is not.
  fs.appendFileSync(indexedFile, '\nفقرة مضافة عن الهجوم.\n');
  const edited = await build(src, indexDir, e);
  assert.equal(edited.updated, 1);
  assert.deepEqual(
    edited.skipped.map((s) => s.origin),
    [copy],
  );
  idx = open(indexDir, e);
  try {
    assert.match(idx.store.article(id)!.text, /فقرة مضافة عن الهجوم/);
  } finally {
    await idx.close();
  }
});

test('an identical copy of an indexed article is the duplicate, though it sorts first', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const id = '001_ac5e62f6193e386d';
  const indexedFile = path.join(src, `${id}.md`);
  const copy = path.join(src, '0-copy.md');
  fs.copyFileSync(indexedFile, copy);
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { unchanged: r.unchanged, moved: r.moved, changed: r.changed, embedded: e.embedded },
    { unchanged: 5, moved: 0, changed: false, embedded: 0 },
  );
  assert.deepEqual(
    r.skipped.map((s) => [s.origin, s.reason]),
    [
      [
        copy,
        `duplicate id "${id}" (${indexedFile} holds the article already indexed under this id and keeps it); give this one a unique id`,
      ],
    ],
  );
  assert.equal((await storedOrigins(indexDir, e))[id], indexedFile);

  // Before the copy, another text under its id (taken first, then outranked by the copy, then by the
  // indexed file itself): each outranked one is undone, and the indexed one is what stays.
  const other = path.join(src, '00-other.md');
  fs.writeFileSync(other, `---\nid: ${id}\nsource: Test\n---\nخبر آخر تماماً عن قصف قرب البوكمال.\n`);
  const again = await build(src, indexDir, e);
  assert.deepEqual(
    { added: again.added, updated: again.updated, removed: again.removed, unchanged: again.unchanged },
    { added: 0, updated: 0, removed: 0, unchanged: 5 },
  );
  assert.deepEqual(again.skipped.map((s) => s.origin).sort(), [other, copy].sort());
  assert.equal((await storedOrigins(indexDir, e))[id], indexedFile);
  const idx = open(indexDir, e);
  try {
    assert.equal(idx.manifest.counts.articles, 5);
    assert.doesNotMatch(idx.store.article(id)!.text, /خبر آخر تماماً/);
  } finally {
    await idx.close();
  }
});

test('a JSONL line inserted above an indexed article with its id does not replace it', async () => {
  const dir = tmpDir();
  const articles = [
    { id: 'a', text: 'قصف التحالف مواقع في ريف دير الزور الشرقي.' },
    { id: 'b', text: 'سقطت صواريخ قرب قاعدة حقل العمر دون إصابات.' },
  ];
  const file = articlesJsonl(dir, articles);
  const indexDir = path.join(dir, 'index');
  const e = new CountingEmbeddings();
  await build(file, indexDir, e);
  articlesJsonl(dir, [{ id: 'b', text: 'نص جديد نسخ إليه معرّف قديم.' }, ...articles]);
  e.embedded = 0;
  const r = await build(file, indexDir, e);
  assert.equal(r.unchanged, 2);
  assert.deepEqual(
    r.skipped.map((s) => [s.origin, s.reason]),
    [
      [
        `${file}:1`,
        `duplicate id "b" (${file}:3 holds the article already indexed under this id and keeps it); give this one a unique id`,
      ],
    ],
  );
  const idx = open(indexDir, e);
  try {
    assert.equal(idx.store.article('b')!.text, articles[1]!.text);
  } finally {
    await idx.close();
  }
});

test('a file rewritten with another indexed id is a duplicate, and the article it held is removed', async () => {
  // The rewritten file sorts before the one holding the id, then after it.
  for (const [rewritten, holder] of [
    ['a.md', 'b.md'],
    ['b.md', 'a.md'],
  ] as const) {
    const dir = tmpDir();
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    const write = (name: string, id: string, text: string) =>
      fs.writeFileSync(path.join(src, name), `---\nid: ${id}\nsource: Test\n---\n${text}\n`);
    write(rewritten, 'Y', 'قصف التحالف مواقع في ريف دير الزور الشرقي.');
    write(holder, 'X', 'سقطت صواريخ قرب قاعدة التنف.');
    const indexDir = path.join(dir, 'index');
    const e = new LexicalEmbeddings();
    await build(src, indexDir, e);
    // New text under the other file's id: no source holds Y any more.
    write(rewritten, 'X', 'هجوم بطائرة مسيرة قرب البوكمال.');
    const r = await build(src, indexDir, e);
    assert.deepEqual(
      r.skipped.map((s) => [s.origin, s.id]),
      [[path.join(src, rewritten), 'X']],
    );
    assert.deepEqual(r.kept, [], rewritten);
    assert.equal(r.removed, 1);
    const idx = open(indexDir, e);
    try {
      assert.equal(idx.store.article('Y'), undefined, 'Y is no longer searched');
      assert.match(idx.store.article('X')!.text, /صواريخ/);
    } finally {
      await idx.close();
    }
  }
});

/** The stored origin of every indexed article, by id. */
async function storedOrigins(indexDir: string, e: LexicalEmbeddings): Promise<Record<string, string>> {
  const idx = open(indexDir, e);
  try {
    return Object.fromEntries(idx.store.origins().map((o) => [o.id, o.origin]));
  } finally {
    await idx.close();
  }
}

test('"kept as indexed" follows a broken JSONL line to its article, not to the line number it had', async () => {
  const dir = tmpDir();
  const line = (id: string, extra = '') =>
    `{"id": "${id}", "source": "test", "text": "خبر ${id} عن قصف في ريف دير الزور."${extra}}`;
  const file = path.join(dir, 'corpus.jsonl');
  fs.writeFileSync(file, [line('a'), line('b'), line('c')].join('\n') + '\n');
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(file, indexDir, e);

  // b was on line 2. Two lines inserted above it, and b's own line broken (a typo in a key): b is kept.
  fs.writeFileSync(
    file,
    [line('new-1'), line('new-2'), line('a'), line('b', ', "publised": null'), line('c')].join('\n') + '\n',
  );
  let r = await build(file, indexDir, e);
  assert.deepEqual(
    r.kept.map((k) => [k.id, k.origin]),
    [['b', `${file}:4`]],
    'kept, and named where it is now',
  );
  assert.equal(r.removed, 0);

  // b removed on purpose, and c, now on the line b had, broken: c is kept and b goes.
  fs.writeFileSync(
    file,
    [line('new-1'), line('new-2'), line('a'), line('c', ', "publised": null')].join('\n') + '\n',
  );
  r = await build(file, indexDir, e);
  assert.deepEqual(
    r.kept.map((k) => k.id),
    ['c'],
  );
  assert.equal(r.removed, 1);
  const origins = await storedOrigins(indexDir, e);
  assert.equal(origins.b, undefined, 'b is gone');
  assert.equal(origins.c, `${file}:4`, "c's stored origin names the line it is on now");
});

test('a JSONL line that shows no id is matched by its text, never by the line number it has', async () => {
  const dir = tmpDir();
  const text = (id: string) => `خبر ${id} عن قصف في ريف دير الزور.`;
  const line = (id: string) => JSON.stringify({ id, source: 'test', text: text(id) });
  // b's line with its id lost (deleted, or not a string): no id can be read from it.
  const noId = (id: string) => JSON.stringify({ source: 'test', text: text(id) });
  const file = path.join(dir, 'corpus.jsonl');
  const write = (lines: string[]) => fs.writeFileSync(file, lines.join('\n') + '\n');
  write([line('a'), line('b'), line('c')]);
  const indexDir = path.join(dir, 'index');
  const e = new CountingEmbeddings();
  await build(file, indexDir, e);

  // A line inserted above: b's line is now line 3, where c was indexed from. b is kept, not c's place.
  write([line('new'), line('a'), noId('b'), line('c')]);
  let r = await build(file, indexDir, e);
  assert.deepEqual(
    r.skipped.map((s) => [s.origin, s.reason]),
    [[`${file}:3`, 'id: is required']],
  );
  assert.deepEqual(
    r.kept.map((k) => [k.id, k.origin]),
    [['b', `${file}:3`]],
  );
  assert.equal(r.removed, 0);

  // a removed on purpose, b's line (still without its id) now line 2, where b was: a goes, b stays.
  write([line('new'), noId('b'), line('c')]);
  r = await build(file, indexDir, e);
  assert.deepEqual(
    r.kept.map((k) => k.id),
    ['b'],
  );
  assert.equal(r.removed, 1);
  const origins = await storedOrigins(indexDir, e);
  assert.equal(origins.a, undefined, 'a is gone');
  assert.equal(origins.b, `${file}:2`);
  e.embedded = 0;
  // Its id given back, b is the article indexed: nothing is embedded again.
  write([line('new'), line('b'), line('c')]);
  r = await build(file, indexDir, e);
  assert.deepEqual([r.unchanged, r.added, e.embedded], [3, 0, 0]);
});

test('a JSONL line that shows neither id nor text keeps every unread article of its file', async () => {
  const dir = tmpDir();
  const line = (id: string) =>
    JSON.stringify({ id, source: 'test', text: `خبر ${id} عن قصف في ريف دير الزور.` });
  const file = path.join(dir, 'corpus.jsonl');
  const other = path.join(dir, 'other.jsonl');
  const write = (f: string, lines: string[]) => fs.writeFileSync(f, lines.join('\n') + '\n');
  write(file, [line('a'), line('b'), line('c'), line('d')]);
  write(other, [line('x'), line('y')]);
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await buildIndex({ source: [file, other], indexDir, embeddings: e, maxArticleBytes: 1_000_000 });

  // A line inserted above, c removed, and b's line cut short before anything can be read of it: which
  // article it held cannot be told, so neither b nor c goes (line 3 was c's place, now b's). y,
  // removed from another file, does.
  write(file, [line('new'), line('a'), '{"sourc', line('d')]);
  write(other, [line('x')]);
  const r = await buildIndex({ source: [file, other], indexDir, embeddings: e, maxArticleBytes: 1_000_000 });
  assert.deepEqual(
    r.skipped.map((s) => s.origin),
    [`${file}:3`],
  );
  assert.deepEqual(r.kept.map((k) => k.id).sort(), ['b', 'c']);
  assert.equal(r.removed, 1);
  assert.equal((await storedOrigins(indexDir, e)).y, undefined);
});

test('"kept as indexed" follows a renamed article file, and a broken file where an article was is not it', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new LexicalEmbeddings();
  await build(src, indexDir, e);
  const [first, second] = fs.readdirSync(src).sort();
  // Renamed, and its front matter broken on the way: still the article indexed under its id.
  const renamed = path.join(src, 'renamed.md');
  fs.writeFileSync(renamed, fs.readFileSync(path.join(src, first!), 'utf8').replace(/^source:/m, 'sourse:'));
  fs.rmSync(path.join(src, first!));
  // Removed, and another article with a broken front matter written under its name: it goes.
  fs.writeFileSync(path.join(src, second!), '---\nid: someone-else\nsourse: x\n---\nنص آخر.\n');
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    r.kept.map((k) => [k.id, k.origin]),
    [[path.basename(first!, '.md'), renamed]],
  );
  assert.equal(r.removed, 1);
  const origins = await storedOrigins(indexDir, e);
  assert.equal(origins[path.basename(second!, '.md')], undefined);
  assert.equal(origins[path.basename(first!, '.md')], renamed);
});

test('an indexed article whose CRLF file gets a broken front matter is kept, not removed', async () => {
  const dir = tmpDir();
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  const file = path.join(src, 'attack.md');
  const body = 'قصف التحالف مواقع في ريف دير الزور الشرقي.\r\n';
  fs.writeFileSync(file, `---\r\nid: omar-2018\r\nsource: Test\r\n---\r\n${body}`);
  fs.writeFileSync(path.join(src, 'other.md'), 'سقطت صواريخ قرب قاعدة حقل العمر.\n');
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(src, indexDir, e);
  // A title with a colon in it, unquoted: invalid YAML.
  fs.writeFileSync(file, `---\r\nid: omar-2018\r\ntitle: Attack: Omar\r\nsource: Test\r\n---\r\n${body}`);
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    r.kept.map((k) => [k.id, k.origin]),
    [['omar-2018', file]],
  );
  assert.equal(r.removed, 0);
  assert.ok((await storedOrigins(indexDir, e))['omar-2018']);
});

test('a broken file whose id cannot be read keeps the article indexed from it; one whose id can, does not', async () => {
  const dir = tmpDir();
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  const write = (name: string, id: string, text: string, more = '') =>
    fs.writeFileSync(path.join(src, name), `---\nid: ${id}\nsource: Test\n${more}---\n${text}\n`);
  write('attack.md', 'omar-2018', 'قصف التحالف مواقع في ريف دير الزور الشرقي.');
  write('rockets.md', 'tanf-2019', 'سقطت صواريخ قرب قاعدة التنف.');
  write('other.md', 'other', 'هجوم بطائرة مسيرة قرب البوكمال.');
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(src, indexDir, e);
  // Overwritten with zeros (a crash, a failed sync): no id in it, only its name, which is no indexed id.
  fs.writeFileSync(path.join(src, 'attack.md'), Buffer.alloc(64));
  // Another article with a broken front matter written where tanf-2019 was: its id says it is not it.
  write('rockets.md', 'someone-else', 'نص آخر.', 'title: Attack: Omar\n');
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    r.skipped.map((s) => [path.basename(s.origin), s.id]),
    [
      ['attack.md', 'attack'],
      ['rockets.md', 'someone-else'],
    ],
  );
  assert.deepEqual(
    r.kept.map((k) => [k.id, k.origin]),
    [['omar-2018', path.join(src, 'attack.md')]],
  );
  assert.equal(r.removed, 1);
  assert.deepEqual(Object.keys(await storedOrigins(indexDir, e)).sort(), ['omar-2018', 'other']);
});

test('a truncated .jsonl.gz with lines added above keeps the articles pushed past where it stops', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'corpus.jsonl.gz');
  syntheticJsonl(file, 300, { gzip: true });
  const indexDir = tmpDir();
  const e = new LexicalEmbeddings();
  await build(file, indexDir, e);
  const extra = path.join(dir, 'extra.jsonl');
  syntheticJsonl(extra, 400, { seed: 7 });
  // 100 new articles above the 300 indexed ones, then the file cut off at about 200 lines.
  const lines = [
    ...fs
      .readFileSync(extra, 'utf8')
      .trim()
      .split('\n')
      .slice(300)
      .map((l) => l.replace(/"syn-(\d+)"/, '"new-$1"')),
    ...zlib.gunzipSync(fs.readFileSync(file)).toString().trim().split('\n'),
  ];
  const gz = zlib.gzipSync(lines.join('\n') + '\n');
  fs.writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
  const r = await build(file, indexDir, e);
  assert.ok(r.skipped.some((s) => s.rest));
  assert.equal(r.removed, 0);
  assert.equal(r.kept.length + r.unchanged, 300);
});

test('an unchanged article that moved (a renamed file, a shifted line) has its stored origin updated', async () => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const [first] = fs.readdirSync(src).sort();
  const id = path.basename(first!, '.md');
  const renamed = path.join(src, 'sub', 'renamed.md');
  fs.mkdirSync(path.dirname(renamed));
  fs.renameSync(path.join(src, first!), renamed);
  e.embedded = 0;
  const r = await build(src, indexDir, e);
  assert.deepEqual(
    { unchanged: r.unchanged, moved: r.moved, added: r.added, removed: r.removed, embedded: e.embedded },
    { unchanged: 5, moved: 1, added: 0, removed: 0, embedded: 0 },
  );
  assert.equal((await storedOrigins(indexDir, e))[id], renamed);

  // The same folder named another way (relative, not absolute) is not a move.
  const again = await build(path.relative(process.cwd(), src), indexDir, e);
  assert.equal(again.moved, 0);
  assert.equal(again.changed, false);

  const dir = tmpDir();
  const file = articlesJsonl(dir, [
    { id: 'a', text: 'قصف التحالف مواقع في ريف دير الزور الشرقي.' },
    { id: 'b', text: 'سقطت صواريخ قرب قاعدة حقل العمر دون إصابات.' },
  ]);
  const jsonlIndex = path.join(dir, 'index');
  await build(file, jsonlIndex, e);
  fs.writeFileSync(file, '\n{"broken\n' + fs.readFileSync(file, 'utf8'));
  const shifted = await build(file, jsonlIndex, e);
  assert.equal(shifted.moved, 2);
  assert.deepEqual(await storedOrigins(jsonlIndex, e), { a: `${file}:3`, b: `${file}:4` });
});

/** Runs `fn` with another working folder, as `npx tsx scripts/ingest.ts` run from elsewhere would. */
async function fromElsewhere<T>(fn: () => Promise<T>): Promise<T> {
  const home = process.cwd();
  process.chdir(os.tmpdir());
  try {
    return await fn();
  } finally {
    process.chdir(home);
  }
}

const THREE = [
  { id: 'a', text: 'قصف التحالف مواقع في ريف دير الزور الشرقي.' },
  { id: 'b', text: 'سقطت صواريخ قرب قاعدة حقل العمر دون إصابات.' },
  { id: 'c', text: 'هجوم بطائرة مسيرة قرب البوكمال.' },
];

/** `file` (written by articlesJsonl) with b's line broken, the "id" gone with it. */
function breakB(file: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[1] = '{"text": "خبر b';
  fs.writeFileSync(file, lines.join('\n'));
}

test('the same file is recognised from another working folder and through a symlink', async () => {
  const dir = tmpDir();
  const file = articlesJsonl(dir, THREE);
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(path.relative(process.cwd(), file), indexDir, e);

  // Run from another folder, the source named by its absolute path: b's broken line, which shows no
  // id, is still where b was indexed from, so b is kept; nothing moved.
  breakB(file);
  const r = await fromElsewhere(() => build(file, indexDir, e));
  assert.deepEqual(
    { kept: r.kept.map((k) => k.id), removed: r.removed, moved: r.moved, changed: r.changed },
    { kept: ['b'], removed: 0, moved: 0, changed: false },
  );

  // Through a symlink to its folder, the same file: not a move either.
  articlesJsonl(dir, THREE);
  const link = path.join(tmpDir(), 'link');
  fs.symlinkSync(dir, link);
  const viaLink = await build(path.join(link, 'articles.jsonl'), indexDir, e);
  assert.deepEqual(
    { unchanged: viaLink.unchanged, moved: viaLink.moved, changed: viaLink.changed },
    { unchanged: 3, moved: 0, changed: false },
  );
});

/** Stores every origin relative to the working folder, as ingestion did before, checksum kept right. */
function storeRelativeOrigins(indexDir: string): void {
  const gen = path.join(indexDir, fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim());
  const db = path.join(gen, 'passages.sqlite');
  const store = new PassageStore(db);
  try {
    for (const { id, origin } of store.origins()) store.setOrigin(id, path.relative(process.cwd(), origin));
  } finally {
    store.close();
  }
  const manifestFile = path.join(gen, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    files: { passages: { bytes: number; sha256: string } };
  };
  manifest.files.passages = { bytes: fs.statSync(db).size, sha256: sha256File(db) };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
}

test('an index whose stored origins are relative keeps working, and has them recorded absolute', async () => {
  const dir = tmpDir();
  const file = articlesJsonl(dir, THREE);
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(file, indexDir, e);
  storeRelativeOrigins(indexDir);
  assert.ok(!path.isAbsolute((await storedOrigins(indexDir, e)).a!));

  // From the folder they are relative to, named either way, nothing moved and nothing is written.
  for (const source of [file, path.relative(process.cwd(), file)]) {
    const r = await build(source, indexDir, e);
    assert.deepEqual({ moved: r.moved, changed: r.changed }, { moved: 0, changed: false }, source);
  }

  // A run that writes a generation anyway (c edited) records where each article is as an absolute path…
  articlesJsonl(dir, [THREE[0]!, THREE[1]!, { id: 'c', text: 'هجوم بطائرة مسيرة قرب الميادين.' }]);
  const edited = await build(path.relative(process.cwd(), file), indexDir, e);
  assert.deepEqual({ updated: edited.updated, moved: edited.moved }, { updated: 1, moved: 0 });
  assert.deepEqual(await storedOrigins(indexDir, e), { a: `${file}:1`, b: `${file}:2`, c: `${file}:3` });

  // …so that a run from another folder still finds b where it was indexed from.
  breakB(file);
  const r = await fromElsewhere(() => build(file, indexDir, e));
  assert.deepEqual({ kept: r.kept.map((k) => k.id), removed: r.removed }, { kept: ['b'], removed: 0 });
});

test('progress counts what the loader reads, and its last report comes after the last batch', async () => {
  const src = copySeeds();
  // Files the loader does not read…
  fs.writeFileSync(path.join(src, 'README.md'), '# how to add articles\n');
  fs.writeFileSync(path.join(src, 'readme.txt'), 'notes\n');
  fs.writeFileSync(path.join(src, '.draft.md'), 'مسودة\n');
  fs.writeFileSync(path.join(src, 'notes.json'), '{}\n');
  // …and JSONL lines it does: two articles, a blank line (not one) and a broken line (skipped).
  fs.mkdirSync(path.join(src, 'more'));
  fs.writeFileSync(
    path.join(src, 'more', 'batch.jsonl'),
    '{"id": "j1", "text": "قصف قرب البوكمال."}\n\n{"id": "j2", "text": "هجوم بطائرة مسيرة."}\n{broken\n',
  );
  const events: BuildProgress[] = [];
  const warnings: string[] = [];
  const r = await buildIndex({
    source: src,
    indexDir: tmpDir(),
    embeddings: new LexicalEmbeddings(),
    maxArticleBytes: 1_000_000,
    onProgress: (p) => events.push(p),
    onWarning: (m) => warnings.push(m),
  });
  assert.deepEqual(
    warnings.map((m) => m.split(': ')[1]),
    ['1 .json file is not read (notes.json)'],
  );
  const last = events.at(-1)!;
  assert.deepEqual(last, {
    articles: 8,
    total: 8,
    skipped: 1,
    passagesEmbedded: r.passagesEmbedded,
    done: true,
  });
  assert.equal(events.filter((e) => e.done).length, 1);
  assert.equal(await countArticles(src), 8);
});

test('a run that would remove most of the index is refused unless removal is allowed', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(corpus, indexDir, e);
  const current = () => fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');
  const before = current();

  // Another source: every one of the 40 would go.
  await assert.rejects(build('data/articles', indexDir, e), (err: unknown) => {
    assert.ok(err instanceof RemovalRefusedError, String(err));
    assert.match(err.message, /would remove 40 of the 40 indexed articles/);
    assert.match(err.message, /syn-0, syn-1, syn-2, syn-3, syn-4, …/);
    assert.match(err.message, /--allow-removal/);
    assert.equal(err.removed, 40);
    return true;
  });
  assert.equal(current(), before, 'nothing was changed');

  // Half of them is an edit, not a mistake: it goes through.
  const lines = fs.readFileSync(corpus, 'utf8').trim().split('\n');
  fs.writeFileSync(corpus, lines.slice(0, 20).join('\n') + '\n');
  const half = await build(corpus, indexDir, e);
  assert.equal(half.removed, 20);

  // So does any removal from a small index (here 20 articles, 19 removed), and one allowed.
  fs.writeFileSync(corpus, lines.slice(0, 1).join('\n') + '\n');
  assert.equal((await build(corpus, indexDir, e)).removed, 19);
  syntheticJsonl(corpus, 40);
  await build(corpus, indexDir, e);
  const allowed = await buildIndex({
    source: 'data/articles',
    indexDir,
    embeddings: e,
    maxArticleBytes: 1_000_000,
    allowRemoval: true,
  });
  assert.deepEqual([allowed.added, allowed.removed, allowed.articles], [5, 40, 5]);
});

test('a full rebuild from another source is refused too: its articles would be lost all the same', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = path.join(dir, 'index');
  const e = new LexicalEmbeddings();
  await build(corpus, indexDir, e);
  const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
  const manifestFile = path.join(indexDir, gen, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, pipeline: 'chunk-v0' }));
  await assert.rejects(build('data/articles', indexDir, e), RemovalRefusedError);
  // The same source is rebuilt as before.
  const r = await build(corpus, indexDir, e);
  assert.match(r.rebuildReason ?? '', /pipeline chunk-v0/);
  assert.equal(r.articles, 40);
});

test('a run that would remove most of the index is refused before anything is embedded', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = path.join(dir, 'index');
  const e = new CountingEmbeddings();
  await build(corpus, indexDir, e);
  const other = path.join(dir, 'other.jsonl');
  syntheticJsonl(other, 30, { seed: 9 });
  fs.writeFileSync(other, fs.readFileSync(other, 'utf8').replaceAll('"syn-', '"other-'));

  // The wrong source, embedded one passage at a time: the refusal comes before the first.
  e.embedded = 0;
  const run = (source: string, allowRemoval = false) =>
    buildIndex({ source, indexDir, embeddings: e, maxArticleBytes: 1_000_000, batchSize: 1, allowRemoval });
  await assert.rejects(run(other), RemovalRefusedError);
  assert.equal(e.embedded, 0, 'nothing was embedded');

  // New articles read before the indexed ones wait until enough of those are seen, then are embedded.
  const both = path.join(dir, 'both.jsonl');
  fs.writeFileSync(both, fs.readFileSync(other, 'utf8') + fs.readFileSync(corpus, 'utf8'));
  const r = await run(both);
  assert.deepEqual([r.added, r.unchanged, r.removed], [30, 40, 0]);
  assert.equal(e.embedded, r.passagesEmbedded);
  const idx = open(indexDir, e);
  try {
    assert.equal(idx.manifest.counts.articles, 70);
    const labels = idx.store.labelsOf('other-0');
    assert.ok(labels.length > 0);
    const [vector] = await e.embedDocuments([idx.store.passage(labels[0]!)!.text]);
    const hits = await idx.dense(vector!, 1);
    assert.equal(hits[0]!.label, labels[0], 'its vector was added');
  } finally {
    await idx.close();
  }
});

/** Every file under `dir` with its size and modification time, to tell whether anything was written. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const st = fs.statSync(path.join(dir, name));
    files[name] = st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`;
  }
  return files;
}

test('an index folder that is a file, or lies under one, is one clear IndexError; the file is untouched', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 3);
  const before = fs.readFileSync(corpus);
  // --index given the corpus file by mistake: before, mkdir's EEXIST (or, below it, ENOTDIR) with a
  // stack trace, for ingestion and for opening the index (npm run ask) alike.
  for (const indexDir of [corpus, path.join(corpus, 'index')]) {
    const expected = (err: unknown) => {
      assert.ok(err instanceof IndexError, String(err));
      assert.equal(
        err.message,
        `${indexDir} cannot hold an index: ${corpus} is a file, not a folder. ` +
          '--index (or INDEX_DIR) names the folder the index is kept in.',
      );
      return true;
    };
    await assert.rejects(build('data/articles', indexDir, new LexicalEmbeddings()), expected);
  }
  // Below a file nothing is found: `ask` says there is no index there, and how to build one.
  assert.throws(() => holdsIndex(corpus), /corpus\.jsonl is a file, not a folder/);
  assert.equal(holdsIndex(path.join(corpus, 'index')), false);
  assert.deepEqual(fs.readFileSync(corpus), before);
  assert.deepEqual(fs.readdirSync(dir), ['corpus.jsonl']);
});

test('an index inside an article folder, or around an article source, is refused before anything is written', async () => {
  const dir = tmpDir();
  const articles = path.join(dir, 'articles');
  fs.mkdirSync(articles);
  fs.writeFileSync(path.join(articles, 'a.md'), 'قصف التحالف مواقع في ريف دير الزور الشرقي.\n');
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 3);
  fs.symlinkSync(articles, path.join(dir, 'link'));
  const listing = () => fs.readdirSync(dir, { recursive: true }).map(String).sort();
  const before = listing();
  const inside = (indexDir: string, source: string, same = false) =>
    `${indexDir} (--index) is ${same ? '' : 'inside '}the article folder ${source}: the index would be ` +
    'written among the articles, and read with them as articles. Keep the index in a folder of its own ' +
    '(--index or INDEX_DIR, default var/index); nothing was written.';
  const around = (indexDir: string, source: string) =>
    `the article source ${source} is inside ${indexDir} (--index), the index's folder, which holds only ` +
    'the index (ingestion removes the generations it replaces there). Keep the articles outside it, or ' +
    'the index in a folder of its own (--index or INDEX_DIR, default var/index); nothing was written.';
  const cases: [string | string[], string, string][] = [
    [articles, articles, inside(articles, articles, true)],
    // `--index data/articles/index`, through a symlink too; the folder does not exist yet.
    [articles, path.join(articles, 'index'), inside(path.join(articles, 'index'), articles)],
    [articles, path.join(dir, 'link', 'index'), inside(path.join(dir, 'link', 'index'), articles)],
    [[corpus, articles], path.join(articles, 'x', 'y'), inside(path.join(articles, 'x', 'y'), articles)],
    // `--index data`, beside data/articles: the articles, or a corpus file, inside the index's folder.
    [articles, dir, around(dir, articles)],
    [corpus, dir, around(dir, corpus)],
  ];
  for (const [source, indexDir, message] of cases) {
    await assert.rejects(
      buildIndex({ source, indexDir, embeddings: new LexicalEmbeddings(), maxArticleBytes: 1_000_000 }),
      (err: unknown) => {
        assert.ok(err instanceof IndexError, String(err));
        assert.equal(err.message, message);
        return true;
      },
    );
    assert.deepEqual(listing(), before, `${String(source)} → ${indexDir}: nothing written`);
  }
  // Side by side, as data/articles and var/index are, is fine; so is a source that does not exist,
  // which loading reports.
  const indexDir = path.join(dir, 'index');
  assert.equal((await build(articles, indexDir, new LexicalEmbeddings())).added, 1);
  await assert.rejects(build(path.join(indexDir, 'nowhere'), indexDir, new LexicalEmbeddings()), /not found/);
});

test('a refused run writes nothing: no generation folder, not even while it reads', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = path.join(dir, 'index');
  await build(corpus, indexDir, new LexicalEmbeddings());
  const before = snapshot(indexDir);
  // Another source named by mistake: 30 new articles, then a broken line, read last. While the
  // run reads, and when it meets that line (just before it is refused), the index folder holds
  // what it held, and the lock. Before, the current passage store had been copied into a new
  // generation folder at the first new article, and every article read stored there.
  const other = path.join(dir, 'other.jsonl');
  syntheticJsonl(other, 30, { seed: 9 });
  fs.writeFileSync(other, fs.readFileSync(other, 'utf8').replaceAll('"syn-', '"other-') + '{broken\n');
  const during: string[] = [];
  const look = () => {
    for (const name of Object.keys(snapshot(indexDir))) {
      if (!(name in before) && name !== '.lock') during.push(name);
    }
  };
  const skips: string[] = [];
  await assert.rejects(
    buildIndex({
      source: other,
      indexDir,
      embeddings: new LexicalEmbeddings(),
      maxArticleBytes: 1_000_000,
      onProgress: look,
      onSkip: (s) => {
        skips.push(s.origin);
        look();
      },
    }),
    RemovalRefusedError,
  );
  assert.deepEqual(skips, [`${other}:31`]);
  assert.deepEqual([...new Set(during)], [], 'nothing was written while the run read');
  assert.deepEqual(snapshot(indexDir), before, 'nor left behind');

  // The same articles ahead of the indexed ones: read once without writing until the guard can
  // tell, then again, written. Each skip is told once.
  const both = path.join(dir, 'both.jsonl');
  fs.writeFileSync(both, fs.readFileSync(other, 'utf8') + fs.readFileSync(corpus, 'utf8'));
  skips.length = 0;
  const phases: string[] = [];
  const r = await buildIndex({
    source: both,
    indexDir,
    embeddings: new LexicalEmbeddings(),
    maxArticleBytes: 1_000_000,
    onSkip: (s) => skips.push(s.origin),
    onPhase: (m) => phases.push(m),
  });
  assert.deepEqual([r.added, r.unchanged, r.removed, r.articles], [30, 40, 0, 70]);
  assert.deepEqual(
    r.skipped.map((s) => s.origin),
    [`${both}:31`],
  );
  assert.deepEqual(skips, [`${both}:31`]);
  assert.match(phases[0]!, /^the removal guard lets this run go on .*reading the sources again/);
});

/** Writes `n` new Arabic articles of `chars` characters each to `file`; returns how many characters in all. */
function writeLongArticles(file: string, n: number, chars: number): number {
  const words = ['قصف', 'التحالف', 'الدولي', 'مواقع', 'الميليشيات', 'في', 'ريف', 'دير', 'الزور', 'الشرقي'];
  const lines: string[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    // Sentences of twelve words, paragraphs of four sentences: passages as an article has them.
    for (let k = 0, length = 0; length < chars; k++) {
      const word = words[(k * 7 + i) % words.length]!;
      const part = k % 12 < 11 ? `${word} ` : k % 48 < 47 ? `${word}. ` : `${word}.\n`;
      parts.push(part);
      length += part.length;
    }
    const text = parts.join('');
    total += text.length;
    lines.push(
      JSON.stringify({ id: `long-${i}`, title: null, source: 'test', published: null, url: null, text }),
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return total;
}

test('passages held back by the removal guard wait in the passage store, not in memory', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const indexDir = path.join(dir, 'index');
  await build(corpus, indexDir, new LexicalEmbeddings());
  // 4 million characters of new articles, read before any indexed one: all of their passages wait
  // for the guard, which can only decide once 21 of the 40 indexed articles are read. Held as
  // strings they took 8.9 MiB of heap when the first batch was embedded (two bytes a character);
  // now 0.4 MiB.
  const fresh = path.join(dir, 'fresh.jsonl');
  const chars = writeLongArticles(fresh, 16, 250_000);
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let growth: number | null = null;
  class HeapAtFirstBatch extends LexicalEmbeddings {
    override embedDocuments(): Promise<number[][]> {
      gc();
      growth = process.memoryUsage().heapUsed - before;
      throw new Error('measured');
    }
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const run = buildIndex({
    source: [fresh, corpus],
    indexDir,
    embeddings: new HeapAtFirstBatch(),
    maxArticleBytes: 1_000_000,
  });
  await assert.rejects(run, /measured/);
  assert.ok(growth !== null);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  assert.ok(
    growth < (chars * 2) / 4,
    `the heap grew by ${mib(growth)} while ${mib(chars * 2)} of passages waited`,
  );
});

test('an index whose new passages waited for the guard is the one built without waiting', async () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  syntheticJsonl(corpus, 40);
  const first = path.join(dir, 'index');
  await build(corpus, first, new LexicalEmbeddings());
  const other = path.join(dir, 'other.jsonl');
  syntheticJsonl(other, 30, { seed: 9 });
  fs.writeFileSync(other, fs.readFileSync(other, 'utf8').replaceAll('"syn-', '"other-'));
  const second = path.join(dir, 'index2');
  fs.cpSync(first, second, { recursive: true });

  // The 30 new articles come first: with the guard on, their passages wait until 21 of the 40
  // indexed ones are read; with --allow-removal nothing waits. Either way, the same files.
  const e = new CountingEmbeddings();
  const run = (indexDir: string, allowRemoval: boolean) =>
    buildIndex({
      source: [other, corpus],
      indexDir,
      embeddings: e,
      maxArticleBytes: 1_000_000,
      batchSize: 7,
      allowRemoval,
    });
  const held = await run(first, false);
  const embeddedHeld = e.embedded;
  const direct = await run(second, true);
  assert.equal(held.added, 30);
  assert.equal(held.passagesEmbedded, direct.passagesEmbedded);
  assert.equal(embeddedHeld, held.passagesEmbedded);
  const manifest = (indexDir: string) => {
    const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    return JSON.parse(fs.readFileSync(path.join(indexDir, gen, 'manifest.json'), 'utf8')) as {
      files: unknown;
      articles: unknown;
      counts: unknown;
    };
  };
  const [a, b] = [manifest(first), manifest(second)];
  assert.deepEqual(a.articles, b.articles);
  assert.deepEqual(a.counts, b.counts);
  assert.deepEqual(a.files, b.files, 'passage store, vector shards and lexical files byte for byte');
  const rows = (indexDir: string) => {
    const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    const store = new PassageStore(path.join(indexDir, gen, 'passages.sqlite'), { readonly: true });
    try {
      return store.db
        .prepare('SELECT label, article_id, ordinal, start, end, text FROM passages ORDER BY label')
        .all();
    } finally {
      store.close();
    }
  };
  assert.deepEqual(rows(first), rows(second));
});

test('committing a generation says what it is doing, after the last progress report', async () => {
  const indexDir = tmpDir();
  const events: string[] = [];
  const run = (source: string) =>
    buildIndex({
      source,
      indexDir,
      embeddings: new LexicalEmbeddings(),
      maxArticleBytes: 1_000_000,
      onProgress: (p) => events.push(p.done ? 'done' : 'progress'),
      onPhase: (m) => events.push(m),
    });
  await run('data/articles');
  const done = events.indexOf('done');
  assert.ok(done >= 0);
  const phases = events.slice(done + 1);
  assert.equal(phases.length, 3, phases.join('\n'));
  assert.match(phases[0]!, /^writing the lexical indexes of \d+ passages while the 2 vector shards finish$/);
  assert.match(phases[1]!, /^waiting for the 2 vector shards to take their last vectors and be written$/);
  assert.match(phases[2]!, /^checksumming and syncing 5 files \(\d+\.\d MiB\) to disk$/);
  assert.ok(events.slice(0, done).every((e) => e === 'progress'));

  // A run that builds on the current generation says it copies its store; an unchanged one, nothing.
  const reported = () => events.filter((e) => e !== 'progress');
  events.length = 0;
  await run('data/articles');
  assert.deepEqual(reported(), ['done']);
  events.length = 0;
  const src = copySeeds();
  fs.rmSync(path.join(src, fs.readdirSync(src).sort()[0]!));
  await run(src);
  assert.match(reported()[0]!, /^copying the passage store of gen-\S+ \(\d+\.\d MiB\)$/);
  assert.equal(reported()[1], 'done', 'the removal comes after reading, before the last report');
  assert.equal(reported().length, 5);
});

test('a lost or damaged CURRENT falls back to the newest finished generation that verifies; ingestion restores it', async () => {
  for (const damage of ['missing', 'garbage'] as const) {
    const dir = tmpDir();
    const corpus = path.join(dir, 'corpus.jsonl');
    syntheticJsonl(corpus, 30);
    const indexDir = path.join(dir, 'index');
    const e = new CountingEmbeddings();
    await build(corpus, indexDir, e);
    const currentFile = path.join(indexDir, 'CURRENT');
    const good = fs.readFileSync(currentFile, 'utf8').trim();
    // Newer than it: a generation half written (no manifest yet), and a finished one damaged since.
    const half = 'gen-2999-01-01T000000000Z-1';
    fs.mkdirSync(path.join(indexDir, half));
    fs.copyFileSync(
      path.join(indexDir, good, 'passages.sqlite'),
      path.join(indexDir, half, 'passages.sqlite'),
    );
    const damaged = 'gen-2999-01-02T000000000Z-2';
    fs.cpSync(path.join(indexDir, good), path.join(indexDir, damaged), { recursive: true });
    const shard = path.join(indexDir, damaged, 'vectors-0.hnsw');
    const bytes = fs.readFileSync(shard);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    fs.writeFileSync(shard, bytes);
    if (damage === 'missing') fs.rmSync(currentFile);
    else fs.writeFileSync(currentFile, '\u0000\u0000 torn');

    const warnings: string[] = [];
    const idx = IncidentIndex.open(indexDir, {
      embedder: { id: e.id, dimension: e.dimension },
      efSearch: 50,
      onWarning: (m) => warnings.push(m),
    });
    try {
      assert.equal(idx.version, good, damage);
      assert.equal(idx.manifest.counts.articles, 30);
    } finally {
      await idx.close();
    }
    assert.equal(warnings.length, 1, damage);
    assert.match(
      warnings[0]!,
      new RegExp(
        `CURRENT (is missing|is damaged).*${good}, the newest finished generation whose files verify`,
      ),
    );
    assert.match(warnings[0]!, /npm run ingest/);

    // Ingestion builds on it, embedding nothing, and names it in CURRENT again.
    e.embedded = 0;
    const ingestWarnings: string[] = [];
    const r = await buildIndex({
      source: corpus,
      indexDir,
      embeddings: e,
      maxArticleBytes: 1_000_000,
      onWarning: (m) => ingestWarnings.push(m),
    });
    assert.deepEqual([r.unchanged, r.added, r.rebuildReason, e.embedded], [30, 0, null, 0], damage);
    assert.equal(fs.readFileSync(currentFile, 'utf8').trim(), good, damage);
    assert.equal(ingestWarnings.length, 1, damage);
    assert.match(ingestWarnings[0]!, new RegExp(`building on ${good}`));
    assert.equal(fs.existsSync(path.join(indexDir, half)), false, 'the half-written one is cleared');
    await open(indexDir, e).close();
    // Sound again, the next run clears what CURRENT does not name and warns no more.
    ingestWarnings.length = 0;
    await buildIndex({
      source: corpus,
      indexDir,
      embeddings: e,
      maxArticleBytes: 1_000_000,
      onWarning: (m) => ingestWarnings.push(m),
    });
    assert.deepEqual(ingestWarnings, []);
    assert.deepEqual(
      fs.readdirSync(indexDir).filter((n) => n.startsWith('gen-')),
      [good],
    );
  }
});

test('a disk that fills while the passage store is copied leaves no generation folder behind', async (t) => {
  const src = copySeeds();
  const indexDir = tmpDir();
  const e = new CountingEmbeddings();
  await build(src, indexDir, e);
  const before = fs.readdirSync(indexDir).sort();
  fs.appendFileSync(path.join(src, fs.readdirSync(src)[0]!), '\nخبر جديد عن قصف في ريف دير الزور.\n');
  const copy = t.mock.method(fs, 'copyFileSync', () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), {
      code: 'ENOSPC',
      syscall: 'copyfile',
    });
  });
  await assert.rejects(build(src, indexDir, e), { code: 'ENOSPC' });
  assert.equal(copy.mock.callCount(), 1);
  copy.mock.restore();
  assert.deepEqual(fs.readdirSync(indexDir).sort(), before, 'only what was there before');
  const again = await build(src, indexDir, e);
  assert.equal(again.updated, 1);
});

test('a run that fails before writing an index leaves no folder behind where it made one', async () => {
  const dir = tmpDir();
  const e = new CountingEmbeddings();
  // `npm run ingest` run by mistake from another folder: no data/articles there, and var/index was
  // made there all the same, left empty.
  const indexDir = path.join(dir, 'var', 'index');
  await assert.rejects(build(path.join(dir, 'data', 'articles'), indexDir, e), { name: 'SourceError' });
  assert.deepEqual(fs.readdirSync(dir), []);
  const empty = path.join(dir, 'empty.jsonl');
  fs.writeFileSync(empty, '\n');
  await assert.rejects(build(empty, indexDir, e), NothingToIndexError);
  assert.deepEqual(fs.readdirSync(dir), ['empty.jsonl']);
  // A folder that was there before stays, as does one the run fills.
  fs.mkdirSync(indexDir, { recursive: true });
  await assert.rejects(build(empty, indexDir, e), NothingToIndexError);
  assert.deepEqual(fs.readdirSync(indexDir), []);
  await build('data/articles', path.join(dir, 'new', 'index'), e);
  assert.ok(fs.existsSync(path.join(dir, 'new', 'index', 'CURRENT')));
});

/**
 * `npm run ingest` of `corpus` into `indexDir` as a child process, its progress every 100 ms on stderr;
 * `writing` settles once it has read articles into a new generation (rejected if it ends before).
 */
function spawnIngest(corpus: string, indexDir: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/ingest.ts', '--source', corpus, '--index', indexDir],
    {
      env: { ...process.env, EMBEDDER: 'lexical', PROGRESS_INTERVAL_MS: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const writing = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/ingest: [1-9]\d*\//.test(err)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      reject(new Error(`ingest ended before it was writing a generation:\n${err}`));
    });
  });
  return { child, writing, stderr: () => err };
}

test('an index folder that cannot be made says why (a read-only file system), not "no such file"', async (t) => {
  // Node's recursive mkdir says ENOENT whenever a folder on the way cannot be made: `--index` on a
  // read-only mount was answered "ENOENT: no such file or directory … check the path".
  const dir = tmpDir();
  const mkdir = fs.mkdirSync;
  t.mock.method(fs, 'mkdirSync', (p: fs.PathLike, opts?: fs.MakeDirectoryOptions) => {
    if (opts?.recursive) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${String(p)}'`), {
        code: 'ENOENT',
        syscall: 'mkdir',
      });
    }
    if (String(p).startsWith(dir)) {
      throw Object.assign(new Error(`EROFS: read-only file system, mkdir '${String(p)}'`), {
        code: 'EROFS',
        syscall: 'mkdir',
      });
    }
    return mkdir(p, opts);
  });
  const err = await build('data/articles', path.join(dir, 'var', 'index'), new LexicalEmbeddings()).then(
    () => assert.fail('built'),
    (e: unknown) => e,
  );
  t.mock.restoreAll();
  assert.equal((err as NodeJS.ErrnoException).code, 'EROFS');
  assert.match(
    explainError(err).text,
    /EROFS: read-only file system, mkdir '.*var'\nthe file system is read-only/,
  );
  assert.deepEqual(fs.readdirSync(dir), []);
});
