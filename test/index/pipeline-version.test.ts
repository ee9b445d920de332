import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import { loadArticles, passagesOf } from '../../src/corpus/index.js';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { PIPELINE_VERSION } from '../../src/index/manifest.js';
import { indexTerms, leadField } from '../../src/index/terms.js';
import { createAnalyzer } from '../../src/text/index.js';

/**
 * What the chunker, the analyzer and the offline embedder make of the repository's own texts, by the
 * pipeline version and embedder id that an index records. An index is rebuilt only when those change
 * (`build.ts`, `open.ts`), so a change to stemming, stopwords, normalisation or chunking that keeps them
 * would silently mix old and new terms in one index: stored stems that queries no longer produce.
 *
 * When this test fails: if the change is meant, bump PIPELINE_VERSION in src/index/manifest.ts (or the
 * embedder's FEATURE_VERSION if only vectors changed) and record the new fingerprint here under the new key.
 */
const RECORDED: Record<string, string> = {
  'chunk-v3+analyzer-v7+surface-v1 lexical-hash-v2-d384':
    'c6162f9b0fbba5f3cb427a377e4b83451575d5f2042d02b3e8c7c55c50f7af06',
};

/**
 * Frozen probe texts, one per line: the questions of the evaluation sets, a quarter of the ARCD dev questions
 * and the lexicon's Arabic and English forms as they stood when the fingerprint was recorded. A copy, so that
 * maintainers' edits to `data/` do not move it.
 */
/** The five seed articles; others a maintainer adds to `data/articles` are left out. */
const SEED_IDS = [
  '000_491cdc483407fe0a',
  '001_ac5e62f6193e386d',
  '002_0aeae3b849c18532',
  '003_827349901dd84165',
  '004_13ee92c3984e32c2',
];

const probeTexts = (): string[] =>
  fs.readFileSync('test/fixtures/analyzer-probe.txt', 'utf8').split('\n').filter(Boolean);

test('the chunking, analysis and offline vectors of known texts match the recorded pipeline version', async () => {
  const analyzer = createAnalyzer();
  const embeddings = new LexicalEmbeddings();
  const hash = createHash('sha256');
  const feed = (label: string, text: string, terms: string[]) => {
    hash.update(`${label}\u0000${text}\u0000${terms.join(' ')}\u0001`);
  };
  const passages: string[] = [];
  for await (const article of loadArticles('data/articles', {
    maxArticleBytes: 1_000_000,
    onSkip: () => {},
  })) {
    if (!SEED_IDS.includes(article.id)) continue;
    passagesOf(article).forEach((p, i) => {
      const terms = indexTerms(analyzer, p.text);
      feed(`${article.id}#${p.ordinal}`, p.text, i === 0 ? [...terms, ...leadField(terms)] : terms);
      passages.push(p.text);
    });
  }
  assert.ok(passages.length > 40, `the seed articles give ${passages.length} passages`);
  for (const text of probeTexts()) feed('probe', text, indexTerms(analyzer, text));
  for (const v of await embeddings.embedDocuments(passages))
    hash.update(v.map((x) => x.toFixed(6)).join(','));

  const key = `${PIPELINE_VERSION} ${embeddings.id}`;
  const fingerprint = hash.digest('hex');
  assert.ok(
    key in RECORDED,
    `no fingerprint is recorded for "${key}": add '${key}': '${fingerprint}' to RECORDED in this test`,
  );
  assert.equal(
    fingerprint,
    RECORDED[key],
    `what the pipeline makes of the seed articles changed while "${key}" did not: bump PIPELINE_VERSION ` +
      `(src/index/manifest.ts) or the embedder's FEATURE_VERSION so existing indexes are rebuilt, ` +
      `and record the new fingerprint`,
  );
});
