import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createEmbeddings } from '../../src/embed/index.js';
import { tmpDir } from '../helpers/corpus.js';
import { makeTinyE5 } from '../helpers/tiny-onnx.js';

test('auto uses the offline lexical embedder when no e5 weights are present, and says so', async () => {
  const config = loadConfig({ E5_MODEL_DIR: path.join(tmpDir(), 'none') });
  const { embeddings, reason } = await createEmbeddings(config);
  assert.match(embeddings.id, /^lexical/);
  assert.match(reason, /no e5 weights/);
});

test('auto picks e5 when its weights are in the model folder', async () => {
  const dir = path.join(tmpDir(), 'e5');
  await makeTinyE5(dir);
  const { embeddings, reason } = await createEmbeddings(loadConfig({ E5_MODEL_DIR: dir }));
  assert.match(embeddings.id, /^e5:/);
  assert.equal(embeddings.dimension, 32);
  assert.match(reason, /e5 weights found/);
  assert.equal((await embeddings.embedQuery('قاعدة')).length, 32);
});

test('EMBEDDER=e5 without weights fails with what to do', async () => {
  const config = loadConfig({ EMBEDDER: 'e5', E5_MODEL_DIR: path.join(tmpDir(), 'none') });
  await assert.rejects(createEmbeddings(config), /npm run fetch-model|EMBEDDER=lexical/);
});
