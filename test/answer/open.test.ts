import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openQA } from '../../src/answer/index.js';
import { loadConfig } from '../../src/config.js';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { buildIndex } from '../../src/index/index.js';
import { syntheticJsonl, tmpDir } from '../helpers/corpus.js';

const config = loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir() });
const generations = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('gen-'));

test('a lost CURRENT is reported, never "repaired" by replacing the index with the seeds', async () => {
  const indexDir = tmpDir();
  const corpus = path.join(tmpDir(), 'other.jsonl');
  syntheticJsonl(corpus, 30);
  await buildIndex({ source: corpus, indexDir, embeddings: new LexicalEmbeddings(), maxArticleBytes: 1e6 });
  const [gen] = generations(indexDir);
  fs.rmSync(path.join(indexDir, 'CURRENT'));

  await assert.rejects(openQA(config, { indexDir }), {
    name: 'IndexError',
    message: new RegExp(`holds a complete index \\(${gen}\\) but no CURRENT file naming it`),
  });
  assert.deepEqual(generations(indexDir), [gen], 'the index of the other corpus is still there');

  // Naming it again is all it takes.
  fs.writeFileSync(path.join(indexDir, 'CURRENT'), `${gen}\n`);
  const qa = await openQA(config, { indexDir });
  try {
    assert.equal(qa.info().articles, 30);
  } finally {
    await qa.close();
  }
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
