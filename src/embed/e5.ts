import fs from 'node:fs';
import path from 'node:path';
import {
  AutoConfig,
  AutoModel,
  AutoTokenizer,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import {
  DEFAULT_E5_MODEL_DIR,
  DEFAULT_E5_MODEL_ID,
  e5ModelFiles,
  e5WeightFile,
  missingFiles,
  type E5Dtype,
} from './weights.js';

export {
  DEFAULT_E5_MODEL_DIR,
  DEFAULT_E5_MODEL_ID,
  e5ModelFiles,
  e5WeightFile,
  e5WeightsPresent,
  type E5Dtype,
} from './weights.js';

/**
 * multilingual-e5-small through transformers.js on onnxruntime (CPU).
 *
 * Tokenising, truncation, padding, mean pooling and normalisation are done here rather than by the
 * feature-extraction pipeline, so each step is explicit and tested: E5 wants `query: ` / `passage: `
 * prefixes, at most 512 tokens with the closing `</s>` kept, and the mean over attended tokens only.
 *
 * Global state: none of transformers.js' `env` is changed. Local loading passes
 * `local_files_only: true` per call with an absolute folder path; the hub path relies on the
 * library defaults (`env.allowRemoteModels`, its own file cache in `env.cacheDir`).
 */

const DEFAULT_MAX_TOKENS = 512;
const DEFAULT_HUB = 'https://huggingface.co';

export interface E5Options extends EmbeddingsParams {
  /** Local model folder (config.json, tokenizer files, onnx/). Default `models/multilingual-e5-small`. */
  modelDir?: string;
  /** Hub id, used for remote loading and in `id`. Default `Xenova/multilingual-e5-small`. */
  modelId?: string;
  /** `q8` → onnx/model_quantized.onnx (default), `fp32` → onnx/model.onnx. */
  dtype?: E5Dtype;
  batchSize?: number;
  /** Token budget per text including `<s>` and `</s>`. Default 512, the model's position limit. */
  maxTokens?: number;
  /** Load from the hub by `modelId` when the local folder lacks the files. Default false. */
  allowRemote?: boolean;
}

export class E5ModelMissingError extends Error {
  override name = 'E5ModelMissingError';
}

function positiveInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`E5 ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Loaded {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

export class E5Embeddings extends Embeddings {
  /** Stable name of the embedder; an index built with another `id` must be rebuilt. */
  readonly id: string;
  /** Vector length (the model's hidden_size: 384 for multilingual-e5-small). */
  readonly dimension: number;
  readonly batchSize: number;
  readonly maxTokens: number;
  private readonly tokenizer: PreTrainedTokenizer;
  private readonly model: PreTrainedModel;

  private constructor(
    params: EmbeddingsParams,
    loaded: Loaded,
    meta: { id: string; dimension: number; batchSize: number; maxTokens: number },
  ) {
    super(params);
    this.tokenizer = loaded.tokenizer;
    this.model = loaded.model;
    this.id = meta.id;
    this.dimension = meta.dimension;
    this.batchSize = meta.batchSize;
    this.maxTokens = meta.maxTokens;
  }

  /**
   * Load tokenizer, config and ONNX session. Uses `modelDir` when it holds the files; otherwise
   * the hub when `allowRemote`, else throws E5ModelMissingError saying what to do.
   */
  static async load(opts: E5Options = {}): Promise<E5Embeddings> {
    const {
      modelDir = DEFAULT_E5_MODEL_DIR,
      modelId = DEFAULT_E5_MODEL_ID,
      dtype = 'q8',
      batchSize = 16,
      maxTokens = DEFAULT_MAX_TOKENS,
      allowRemote = false,
      ...params
    } = opts;
    positiveInt('batchSize', batchSize, 1);
    // Room for <s> and </s> plus at least one text token.
    positiveInt('maxTokens', maxTokens, 3);
    // Absolute, because transformers.js reads a relative "a/b" as a hub id, not a folder.
    const dir = path.resolve(modelDir);
    const missing = missingFiles(dir, dtype);

    let source: string;
    if (missing.length === 0) source = dir;
    else if (allowRemote) source = modelId;
    else {
      throw new E5ModelMissingError(
        `E5 model files missing in ${dir}: expected ${missing.join(', ')} ` +
          `(weights: ${path.join(dir, e5WeightFile(dtype))}). ` +
          `Run \`npm run fetch-model\` to download them, or set EMBEDDER=lexical.`,
      );
    }
    const local = source === dir;
    const fail = (err: unknown) =>
      new Error(
        local
          ? `Could not load the E5 model from ${dir}: ${message(err)}`
          : `Could not load ${modelId} from the Hugging Face hub: ${message(err)}. ` +
              `Without internet access, copy the model files into ${dir}, or set EMBEDDER=lexical.`,
        { cause: err },
      );
    const hub = { local_files_only: local };

    // Config first, so bad settings fail before the (slow) tokenizer and session loads.
    const config = await AutoConfig.from_pretrained(source, hub).catch((err: unknown) => {
      throw fail(err);
    });
    const { hidden_size: dimension, max_position_embeddings: maxPositions } = config as unknown as {
      hidden_size?: unknown;
      max_position_embeddings?: unknown;
    };
    if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 1) {
      throw new Error(`E5 config.json has no valid hidden_size (got ${String(dimension)})`);
    }
    if (typeof maxPositions === 'number' && maxTokens > maxPositions) {
      throw new RangeError(`E5 maxTokens ${maxTokens} exceeds the model's ${maxPositions} positions`);
    }
    const [model, tokenizer] = await Promise.allSettled([
      AutoModel.from_pretrained(source, { ...hub, config, dtype, device: 'cpu' }),
      AutoTokenizer.from_pretrained(source, hub),
    ]);
    if (model.status === 'rejected') throw fail(model.reason);
    if (tokenizer.status === 'rejected') {
      await model.value.dispose();
      throw fail(tokenizer.reason);
    }
    const loaded: Loaded = { model: model.value, tokenizer: tokenizer.value };
    // maxTokens is part of the id only when non-default: it changes vectors of long texts.
    const id = `e5:${modelId}:${dtype}` + (maxTokens === DEFAULT_MAX_TOKENS ? '' : `:max${maxTokens}`);
    return new E5Embeddings(params, loaded, { id, dimension, batchSize, maxTokens });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedPrefixed(texts.map((t) => `passage: ${t}`));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedPrefixed([`query: ${text}`]);
    return vector!;
  }

  /**
   * Token ids the model gets for `text` as given (no prefix added): `<s> … </s>`, cut to
   * `maxTokens` keeping the final `</s>`.
   */
  tokenIds(text: string): number[] {
    const ids = this.tokenizer.encode(text);
    if (ids.length <= this.maxTokens) return ids;
    // transformers.js truncation drops the closing </s>; the Python tokenizer E5 was trained with keeps it.
    return [...ids.slice(0, this.maxTokens - 1), ids[ids.length - 1]!];
  }

  /** Release the onnxruntime session. */
  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  private async embedPrefixed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const seqs = texts.map((t) => this.tokenIds(t));
    const batch = seqs.length;
    const len = Math.max(...seqs.map((s) => s.length));
    const ids = new BigInt64Array(batch * len).fill(BigInt(this.tokenizer.pad_token_id));
    const mask = new BigInt64Array(batch * len);
    seqs.forEach((seq, b) => {
      seq.forEach((id, t) => {
        ids[b * len + t] = BigInt(id);
        mask[b * len + t] = 1n;
      });
    });
    const dims = [batch, len];
    const output = (await this.model.forward({
      input_ids: new Tensor('int64', ids, dims),
      attention_mask: new Tensor('int64', mask, dims),
      token_type_ids: new Tensor('int64', new BigInt64Array(batch * len), dims),
    })) as { last_hidden_state?: Tensor };
    const hidden = output.last_hidden_state;
    const dim = this.dimension;
    if (!hidden || hidden.dims.join() !== [batch, len, dim].join()) {
      throw new Error(
        `E5 model output last_hidden_state has shape [${hidden?.dims.join(', ') ?? 'missing'}], ` +
          `expected [${batch}, ${len}, ${dim}] (hidden_size ${dim} from config.json)`,
      );
    }
    return seqs.map((seq, b) => meanPoolNormalised(hidden.data as Float32Array, b, len, seq.length, dim));
  }
}

/**
 * Mean over the attended positions of one sequence, then L2-normalised. Padding is always at the
 * end here, so the attended positions are the first `attended` of the row.
 */
function meanPoolNormalised(
  data: Float32Array,
  row: number,
  len: number,
  attended: number,
  dim: number,
): number[] {
  const sum = new Float64Array(dim);
  for (let t = 0; t < attended; t++) {
    const base = (row * len + t) * dim;
    for (let d = 0; d < dim; d++) sum[d]! += data[base + d]!;
  }
  let norm = 0;
  for (let d = 0; d < dim; d++) {
    sum[d]! /= attended;
    norm += sum[d]! * sum[d]!;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Array.from(sum, (v) => v * inv);
}

export interface FetchE5Options {
  modelDir: string;
  modelId?: string;
  dtype?: E5Dtype;
  /** Default https://huggingface.co. */
  hubUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called as each file is written or found present (the weights take a while). */
  onFile?: (file: FetchedFile) => void;
}

export interface FetchedFile {
  file: string;
  path: string;
  /** Bytes written, or null when the file was already there. */
  bytes: number | null;
}

/**
 * Download the files `E5Embeddings.load` needs from the hub's resolve URLs into `modelDir`.
 * Each file is written to a temporary name, fsynced and renamed, so a file that exists is complete
 * and is skipped on a re-run.
 */
export async function fetchE5Model(opts: FetchE5Options): Promise<FetchedFile[]> {
  const { modelId = DEFAULT_E5_MODEL_ID, dtype = 'q8', hubUrl = DEFAULT_HUB } = opts;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const dir = path.resolve(opts.modelDir);
  const results: FetchedFile[] = [];
  for (const file of e5ModelFiles(dtype)) {
    const dest = path.join(dir, file);
    if (fs.existsSync(dest)) {
      results.push({ file, path: dest, bytes: null });
      opts.onFile?.(results.at(-1)!);
      continue;
    }
    const url = `${hubUrl.replace(/\/+$/, '')}/${modelId}/resolve/main/${file}`;
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (err) {
      const cause = err instanceof Error && err.cause !== undefined ? message(err.cause) : message(err);
      throw new Error(
        `Could not reach ${url} (${cause}). This machine may have no internet access: ` +
          `copy ${e5ModelFiles(dtype).join(', ')} into ${dir} by hand, or set EMBEDDER=lexical.`,
        { cause: err },
      );
    }
    if (!res.ok || !res.body) {
      throw new Error(`Download of ${url} failed: HTTP ${res.status} ${res.statusText}`);
    }
    results.push({ file, path: dest, bytes: await writeAtomically(dest, res.body) });
    opts.onFile?.(results.at(-1)!);
  }
  return results;
}

async function writeAtomically(dest: string, body: ReadableStream<Uint8Array>): Promise<number> {
  await fs.promises.mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}`;
  const fh = await fs.promises.open(tmp, 'w');
  let bytes = 0;
  try {
    for await (const chunk of body) {
      await fh.write(chunk);
      bytes += chunk.byteLength;
    }
    await fh.sync();
  } catch (err) {
    await fh.close();
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fs.promises.rename(tmp, dest);
  return bytes;
}
