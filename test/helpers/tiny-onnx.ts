import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { prng } from './random.js';

/**
 * A stand-in for multilingual-e5-small: the real config/tokenizer files beside a tiny ONNX graph
 * with the BERT export's input and output names, so tests run the real loading, tokenising,
 * batching and pooling code in milliseconds. Each token's output row depends only on its id
 * (and the mask), which lets `tinyReferenceEmbedding` compute the expected vector independently.
 */

const { onnx } = onnxProto;

export const TINY_DIM = 32;
/** Token ids are folded modulo this, so the embedding table stays small (~64 KB). */
export const TINY_VOCAB = 509;

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_E5_DIR = path.resolve(PROJECT_ROOT, '../shared/models/multilingual-e5-small');

function randomFloats(n: number, seed: number): number[] {
  const next = prng(seed);
  return Array.from({ length: n }, () => Math.fround(next() * 2 - 1));
}

const TOKEN_TABLE = randomFloats(TINY_VOCAB * TINY_DIM, 1);
const TYPE_TABLE = randomFloats(2 * TINY_DIM, 2);
const MASK_VECTOR = randomFloats(TINY_DIM, 3);

/**
 * What the tiny model + mean pooling + L2 normalisation must give for one sequence of token ids
 * (all attended, token type 0), computed here without onnxruntime.
 */
export function tinyReferenceEmbedding(ids: readonly number[]): number[] {
  const sum = new Array<number>(TINY_DIM).fill(0);
  for (const id of ids) {
    const row = (id % TINY_VOCAB) * TINY_DIM;
    for (let d = 0; d < TINY_DIM; d++) {
      sum[d]! += TOKEN_TABLE[row + d]! + TYPE_TABLE[d]! + MASK_VECTOR[d]!;
    }
  }
  const mean = sum.map((v) => Math.fround(v / ids.length));
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

function floatTensor(name: string, dims: number[], values: number[]): OnnxTypes.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.FLOAT, dims, floatData: values };
}

function int64Tensor(name: string, dims: number[], values: number[]): OnnxTypes.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.INT64, dims, int64Data: values };
}

function valueInfo(name: string, elemType: number, shape: (string | number)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/** The serialised tiny graph: last_hidden_state = T[ids % V] + Types[token_type_ids] + mask * m. */
export function tinyE5OnnxBytes(): Uint8Array {
  const { INT64, FLOAT } = onnx.TensorProto.DataType;
  const seq = ['batch_size', 'sequence_length'];
  const graph: OnnxTypes.IGraphProto = {
    name: 'tiny_e5',
    input: [
      valueInfo('input_ids', INT64, seq),
      valueInfo('attention_mask', INT64, seq),
      valueInfo('token_type_ids', INT64, seq),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, [...seq, TINY_DIM])],
    initializer: [
      int64Tensor('vocab', [], [TINY_VOCAB]),
      int64Tensor('axis2', [1], [2]),
      floatTensor('token_table', [TINY_VOCAB, TINY_DIM], TOKEN_TABLE),
      floatTensor('type_table', [2, TINY_DIM], TYPE_TABLE),
      floatTensor('mask_vector', [TINY_DIM], MASK_VECTOR),
    ],
    node: [
      { opType: 'Mod', input: ['input_ids', 'vocab'], output: ['folded_ids'] },
      { opType: 'Gather', input: ['token_table', 'folded_ids'], output: ['token_rows'] },
      { opType: 'Gather', input: ['type_table', 'token_type_ids'], output: ['type_rows'] },
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
      },
      { opType: 'Unsqueeze', input: ['mask_float', 'axis2'], output: ['mask_3d'] },
      { opType: 'Mul', input: ['mask_3d', 'mask_vector'], output: ['mask_rows'] },
      { opType: 'Add', input: ['token_rows', 'type_rows'], output: ['embedded'] },
      { opType: 'Add', input: ['embedded', 'mask_rows'], output: ['last_hidden_state'] },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'tiny-e5-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Lay out a tiny E5 model folder in `dir`: the shared config/tokenizer files (config.json with
 * hidden_size set to TINY_DIM) and `onnx/model_quantized.onnx`.
 */
export async function makeTinyE5(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    await fs.copyFile(path.join(SHARED_E5_DIR, file), path.join(dir, file));
  }
  const config = JSON.parse(await fs.readFile(path.join(SHARED_E5_DIR, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  config.hidden_size = TINY_DIM;
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await fs.writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), tinyE5OnnxBytes());
}
