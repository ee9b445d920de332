import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openQA } from '../../src/answer/index.js';
import { indexedPassages } from '../../src/answer/thread.js';
import { loadConfig } from '../../src/config.js';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { buildIndex } from '../../src/index/index.js';
import { syntheticJsonl, tmpDir } from '../helpers/corpus.js';

const config = loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir() });
const generations = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('gen-'));

test('a lost CURRENT opens the finished index left, never "repaired" by replacing it with the seeds', async (t) => {
  const indexDir = tmpDir();
  const corpus = path.join(tmpDir(), 'other.jsonl');
  syntheticJsonl(corpus, 30);
  await buildIndex({ source: corpus, indexDir, embeddings: new LexicalEmbeddings(), maxArticleBytes: 1e6 });
  const [gen] = generations(indexDir);
  fs.rmSync(path.join(indexDir, 'CURRENT'));

  const warn = t.mock.method(console, 'warn', () => {});
  const qa = await openQA(config, { indexDir });
  try {
    assert.equal(qa.info().articles, 30, 'the index of the other corpus answers');
    assert.equal(qa.info().indexVersion, gen);
  } finally {
    await qa.close();
  }
  assert.match(String(warn.mock.calls[0]?.arguments[0]), new RegExp(`CURRENT is missing: opening ${gen}`));
  assert.deepEqual(generations(indexDir), [gen], 'nothing was built over it');
  // The bot's choice of answering thread (ANSWER_THREAD=auto) counts that generation's passages, not none.
  assert.ok(indexedPassages(indexDir) > 0);

  // Its files damaged, nothing can stand in for CURRENT: said so, and still nothing is built.
  const shard = path.join(indexDir, gen!, 'vectors-0.hnsw');
  fs.writeFileSync(shard, Buffer.alloc(fs.statSync(shard).size));
  await assert.rejects(openQA(config, { indexDir }), {
    name: 'IndexError',
    message: new RegExp(
      `no CURRENT file, and none of its finished generations \\(${gen}\\) passes its checksums`,
    ),
  });
  assert.deepEqual(generations(indexDir), [gen]);
});

test('the leftover of a first ingestion that never finished does not stop the first start', async () => {
  const indexDir = tmpDir();
  fs.mkdirSync(path.join(indexDir, 'gen-2026-01-01T000000000Z-1'), { recursive: true });
  const qa = await openQA(config, { indexDir });
  try {
    assert.equal(qa.info().articles, 5, 'built from ARTICLES_DIR, the seeds');
  } finally {
    await qa.close();
  }
  assert.equal(generations(indexDir).length, 1, 'the leftover is cleared');
});
