import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PreTrainedModel } from '@huggingface/transformers';
import {
  E5Embeddings,
  E5ModelMissingError,
  e5ModelFiles,
  e5WeightsPresent,
  fetchE5Model,
} from '../../src/embed/e5.js';
import { makeTinyE5, TINY_DIM, tinyReferenceEmbedding } from '../helpers/tiny-onnx.js';
import { tmpDir } from '../helpers/tmp.js';

// The real tokenizer and loading code on a tiny ONNX graph (see test/helpers/tiny-onnx.ts).

const root = tmpDir('e5-test-');
const modelDir = path.join(root, 'model');
let e5: E5Embeddings;
/** A second instance: relative folder, small token budget, small batches. */
let small: E5Embeddings;

const norm = (v: number[]) => Math.hypot(...v);
const words = (n: number) => Array.from({ length: n }, (_, i) => `كلمة${i}`).join(' ');

function assertClose(actual: number[], expected: number[], tol = 1e-6) {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < tol, `index ${i}: ${v} vs ${expected[i]}`));
}

before(async () => {
  await makeTinyE5(modelDir);
  e5 = await E5Embeddings.load({ modelDir });
  // A relative "a/b" path must be read as a folder, not as a hub model id.
  small = await E5Embeddings.load({
    modelDir: path.relative(process.cwd(), modelDir),
    maxTokens: 16,
    batchSize: 4,
  });
});

after(async () => {
  await e5?.dispose();
  await small?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('E5Embeddings on the tiny model', () => {
  test('reports a stable id and the dimension from config.json', () => {
    assert.equal(e5.id, 'e5:Xenova/multilingual-e5-small:q8');
    assert.equal(e5.dimension, TINY_DIM);
    assert.equal(e5.batchSize, 16);
    assert.equal(e5.maxTokens, 512);
  });

  test('uses the XLM-R tokenizer from tokenizer.json', () => {
    const vocab = (
      JSON.parse(fs.readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8')) as {
        model: { vocab: [string, number][] };
      }
    ).model.vocab;
    const syria = vocab.findIndex(([piece]) => piece === '▁سوريا');
    assert.ok(syria > 3);
    // <s>=0 … </s>=2 around the single piece.
    assert.deepEqual(e5.tokenIds('سوريا'), [0, syria, 2]);
    const ids = e5.tokenIds('قصفت طائرات مسيرة قاعدة في دير الزور');
    assert.ok(ids.length > 5);
    assert.ok(ids.every((id) => id < vocab.length));
  });

  test('vectors are unit length, mean-pooled over the tokens, and have the model dimension', async () => {
    const texts = ['قصفت طائرات مسيرة قاعدة في دير الزور', 'Drone strike near the base'];
    const vectors = await e5.embedDocuments(texts);
    assert.equal(vectors.length, 2);
    vectors.forEach((v, i) => {
      assert.equal(v.length, TINY_DIM);
      assert.ok(Math.abs(norm(v) - 1) < 1e-9);
      assertClose(v, tinyReferenceEmbedding(e5.tokenIds(`passage: ${texts[i]}`)));
    });
    assert.notDeepEqual(vectors[0], vectors[1]);
  });

  test('is deterministic, also across instances and with a relative model folder', async () => {
    const text = 'بيان رسمي حول الهجوم';
    assert.ok(small.tokenIds(`passage: ${text}`).length < 16, 'short enough for both budgets');
    const first = await e5.embedDocuments([text]);
    assert.deepEqual(await e5.embedDocuments([text]), first);
    assert.deepEqual(await small.embedDocuments([text]), first);
  });

  test('applies the query: and passage: prefixes', async () => {
    const query = await e5.embedQuery('x');
    const [passage] = await e5.embedDocuments(['x']);
    assert.notDeepEqual(query, passage);
    assertClose(query, tinyReferenceEmbedding(e5.tokenIds('query: x')));
    assertClose(passage!, tinyReferenceEmbedding(e5.tokenIds('passage: x')));
  });

  test('truncates long texts to 512 tokens, keeping the closing </s>', async () => {
    const long = words(3000);
    const ids = e5.tokenIds(`passage: ${long}`);
    assert.equal(ids.length, 512);
    assert.equal(ids[0], 0);
    assert.equal(ids[511], 2);
    // 1,500 words are well over 512 tokens, so both texts truncate to the same ids.
    const cut = words(1500);
    assert.deepEqual(e5.tokenIds(`passage: ${cut}`), ids);
    const [full, shorter, short] = await e5.embedDocuments([long, cut, words(100)]);
    assert.deepEqual(full, shorter);
    assert.notDeepEqual(full, short);
    assertClose(full!, tinyReferenceEmbedding(ids));
  });

  test('batches by batchSize with the same vectors as one at a time', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `نص رقم ${i} ${'حول القاعدة '.repeat(i % 7)}`);
    const model = (e5 as unknown as { model: PreTrainedModel }).model;
    const forward = model.forward.bind(model);
    const batchSizes: number[] = [];
    model.forward = (inputs: { input_ids: { dims: number[] } }) => {
      batchSizes.push(inputs.input_ids.dims[0]!);
      return forward(inputs);
    };
    let batched: number[][];
    try {
      batched = await e5.embedDocuments(texts);
    } finally {
      model.forward = forward;
    }
    assert.deepEqual(batchSizes, [16, 16, 8]);
    const single: number[][] = [];
    for (const t of texts) single.push(...(await e5.embedDocuments([t])));
    assert.deepEqual(batched, single);
  });

  test('mean pooling ignores the padding of a short text batched with a long one', async () => {
    const short = 'قاعدة';
    const [padded] = await e5.embedDocuments([short, words(200)]);
    const [alone] = await e5.embedDocuments([short]);
    assert.deepEqual(padded, alone);
  });

  test('a smaller maxTokens changes the id and the vectors of long texts', async () => {
    assert.equal(small.id, 'e5:Xenova/multilingual-e5-small:q8:max16');
    assert.equal(small.tokenIds(words(50)).length, 16);
    assert.notDeepEqual(await small.embedDocuments([words(50)]), await e5.embedDocuments([words(50)]));
  });

  test('empty input gives no vectors', async () => {
    assert.deepEqual(await e5.embedDocuments([]), []);
  });
});

describe('loading errors', () => {
  test('e5WeightsPresent checks the weights, tokenizer and config', () => {
    assert.equal(e5WeightsPresent(modelDir), true);
    assert.equal(e5WeightsPresent(modelDir, 'fp32'), false, 'no onnx/model.onnx');
    assert.equal(e5WeightsPresent(path.join(root, 'nowhere')), false);
    const noTokenizer = path.join(root, 'no-tokenizer');
    fs.mkdirSync(path.join(noTokenizer, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      fs.copyFileSync(path.join(modelDir, f), path.join(noTokenizer, f));
    }
    assert.equal(e5WeightsPresent(noTokenizer), false);
  });

  test('missing weights: the error names the file and the fixes', async () => {
    const empty = fs.mkdtempSync(path.join(root, 'empty-'));
    await assert.rejects(E5Embeddings.load({ modelDir: empty }), (err: Error) => {
      assert.ok(err instanceof E5ModelMissingError);
      assert.match(err.message, new RegExp(`${path.join(empty, 'onnx', 'model_quantized.onnx')}`));
      assert.match(err.message, /npm run fetch-model/);
      assert.match(err.message, /EMBEDDER=lexical/);
      return true;
    });
  });

  test('a broken weight file is reported with the folder', async () => {
    const broken = path.join(root, 'broken');
    await makeTinyE5(broken);
    fs.writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 'not onnx');
    await assert.rejects(E5Embeddings.load({ modelDir: broken }), (err: Error) => {
      assert.match(err.message, new RegExp(`Could not load the E5 model from ${broken}`));
      return true;
    });
  });

  test('invalid options are rejected before loading', async () => {
    await assert.rejects(E5Embeddings.load({ modelDir, batchSize: 0 }), RangeError);
    await assert.rejects(E5Embeddings.load({ modelDir, maxTokens: 2 }), RangeError);
    await assert.rejects(E5Embeddings.load({ modelDir, maxTokens: 1000 }), /exceeds the model's 512/);
  });
});

describe('fetchE5Model', () => {
  const hub = 'https://hub.test';
  const fakeHub = (requests: string[]) =>
    ((input: string | URL | Request) => {
      const url = String(input);
      requests.push(url);
      return Promise.resolve(new Response(`bytes of ${url.slice(hub.length)}`));
    }) as typeof fetch;

  test('downloads every file the loader needs into the model folder, once', async () => {
    const dir = path.join(root, 'fetched');
    const requests: string[] = [];
    const got = await fetchE5Model({ modelDir: dir, hubUrl: hub, fetch: fakeHub(requests) });
    assert.deepEqual(
      requests,
      e5ModelFiles('q8').map((f) => `${hub}/Xenova/multilingual-e5-small/resolve/main/${f}`),
    );
    assert.equal(e5WeightsPresent(dir), true);
    const weights = path.join(dir, 'onnx', 'model_quantized.onnx');
    assert.equal(
      fs.readFileSync(weights, 'utf8'),
      'bytes of /Xenova/multilingual-e5-small/resolve/main/onnx/model_quantized.onnx',
    );
    assert.deepEqual(
      got.map((g) => [g.file, g.bytes]),
      e5ModelFiles('q8').map((f) => [f, fs.statSync(path.join(dir, f)).size]),
    );
    assert.deepEqual(fs.readdirSync(path.join(dir, 'onnx')), ['model_quantized.onnx'], 'no temp files left');

    const again: string[] = [];
    const second = await fetchE5Model({ modelDir: dir, hubUrl: hub, fetch: fakeHub(again) });
    assert.deepEqual(again, []);
    assert.ok(second.every((g) => g.bytes === null));
  });

  test('no network: a clear error saying what to do', async () => {
    const offline = (() =>
      Promise.reject(
        new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND huggingface.co') }),
      )) as typeof fetch;
    const dir = path.join(root, 'offline');
    await assert.rejects(fetchE5Model({ modelDir: dir, fetch: offline }), (err: Error) => {
      assert.match(err.message, /Could not reach https:\/\/huggingface\.co\/.*config\.json/);
      assert.match(err.message, /ENOTFOUND/);
      assert.match(err.message, /EMBEDDER=lexical/);
      return true;
    });
    assert.equal(e5WeightsPresent(dir), false);
  });

  test('an HTTP error names the URL and status', async () => {
    const notFound = (() =>
      Promise.resolve(new Response('nope', { status: 404, statusText: 'Not Found' }))) as typeof fetch;
    await assert.rejects(
      fetchE5Model({ modelDir: path.join(root, 'missing'), modelId: 'x/y', hubUrl: hub, fetch: notFound }),
      /Download of https:\/\/hub\.test\/x\/y\/resolve\/main\/config\.json failed: HTTP 404 Not Found/,
    );
  });
});
