import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openQA } from '../../src/answer/index.js';
import { ReloadingQA } from '../../src/answer/reload.js';
import type { Answer, CorpusInfo, QA } from '../../src/answer/types.js';
import { loadConfig } from '../../src/config.js';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { buildIndex } from '../../src/index/index.js';
import { copySeeds, tmpDir } from '../helpers/corpus.js';

test('an ingestion reaches the running core: the next question is answered from the new index', async () => {
  const indexDir = tmpDir();
  const source = copySeeds();
  const embeddings = new LexicalEmbeddings();
  const ingest = () => buildIndex({ source, indexDir, embeddings, maxArticleBytes: 1e6 });
  await ingest();
  const config = loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir() });
  const reloads: string[] = [];
  const qa = await ReloadingQA.open({
    indexDir,
    open: () => openQA(config, { indexDir, buildIfMissing: false }),
    intervalMs: 0,
    onReload: (now, before) => reloads.push(`${before.articles} → ${now.articles}`),
  });
  try {
    const question = 'ما الذي قصفته المروحيات قرب جسر الصبخة؟';
    const cited = async () => (await qa.answer(question)).citations.map((c) => c.articleId);
    assert.ok(!(await cited()).includes('sabkha-bridge'), 'not indexed yet');
    assert.equal(await qa.check(), false, 'CURRENT unchanged: nothing to do');

    fs.writeFileSync(
      path.join(source, '900-sabkha.md'),
      '---\nid: sabkha-bridge\nsource: Test\npublished: 2024-03-02\n---\n' +
        'قصفت مروحيات التحالف الدولي مستودعًا للذخيرة قرب جسر الصبخة شرق دير الزور فجر السبت.\n',
    );
    await ingest();
    assert.equal(await qa.check(), true);
    assert.deepEqual(reloads, ['5 → 6']);
    assert.equal(qa.info().articles, 6);
    assert.equal((await cited())[0], 'sabkha-bridge');
  } finally {
    await qa.close();
  }
});

/** A core that answers when told to, and records being closed. */
class FakeQA implements QA {
  closed = false;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly generation: string) {}
  answer(question: string): Promise<Answer> {
    return new Promise((resolve) =>
      this.waiting.push(() => resolve({ question, answer: this.generation } as unknown as Answer)),
    );
  }
  release(): void {
    for (const done of this.waiting.splice(0)) done();
  }
  info(): CorpusInfo {
    return { indexVersion: this.generation } as CorpusInfo;
  }
  listArticles() {
    return [];
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

test('answers in flight finish on the old index, which is closed after them; a broken one is skipped', async () => {
  const indexDir = tmpDir();
  const current = (name: string) => fs.writeFileSync(path.join(indexDir, 'CURRENT'), `${name}\n`);
  current('gen-a');
  const opened: FakeQA[] = [];
  const errors: string[] = [];
  const qa = await ReloadingQA.open({
    indexDir,
    open: async () => {
      const name = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
      if (name === 'gen-broken') throw new Error('fails its checksum');
      opened.push(new FakeQA(name));
      return opened.at(-1)!;
    },
    intervalMs: 0,
    onError: (err, gen) => errors.push(`${gen}: ${(err as Error).message}`),
  });
  const [a] = opened;
  const onA = qa.answer('first');

  current('gen-b');
  assert.equal(await qa.check(), true);
  const b = opened[1]!;
  assert.equal(qa.info().indexVersion, 'gen-b');
  assert.equal(a!.closed, false, 'an answer is still running on gen-a');
  a!.release();
  assert.equal(((await onA) as unknown as { answer: string }).answer, 'gen-a');
  assert.equal(a!.closed, true, 'closed once its last answer is done');

  const onB = qa.answer('second');
  current('gen-broken');
  assert.equal(await qa.check(), false);
  assert.equal(await qa.check(), false, 'tried once, reported once');
  assert.deepEqual(errors, ['gen-broken: fails its checksum']);
  b.release();
  assert.equal(((await onB) as unknown as { answer: string }).answer, 'gen-b', 'gen-b still answers');

  await qa.close();
  assert.equal(b.closed, true);
});

test('with an interval, the switch happens by itself', async () => {
  const indexDir = tmpDir();
  const current = (name: string) => fs.writeFileSync(path.join(indexDir, 'CURRENT'), `${name}\n`);
  current('gen-a');
  const qa = await ReloadingQA.open({
    indexDir,
    open: async () => new FakeQA(fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim()),
    intervalMs: 10,
  });
  try {
    current('gen-b');
    const deadline = Date.now() + 5000;
    while (qa.info().indexVersion !== 'gen-b' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(qa.info().indexVersion, 'gen-b');
  } finally {
    await qa.close();
  }
});
