import fs from 'node:fs';
import path from 'node:path';

/** Where e5's files live, and whether they are there: cheap, without loading transformers.js. */

export type E5Dtype = 'q8' | 'fp32';

export const DEFAULT_E5_MODEL_ID = 'Xenova/multilingual-e5-small';
export const DEFAULT_E5_MODEL_DIR = 'models/multilingual-e5-small';

/** The weight file transformers.js loads for each dtype, relative to the model folder. */
export function e5WeightFile(dtype: E5Dtype = 'q8'): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Every file a local load needs, weights last (fetch-model writes them in this order). */
export function e5ModelFiles(dtype: E5Dtype = 'q8'): string[] {
  return ['config.json', 'tokenizer_config.json', 'tokenizer.json', e5WeightFile(dtype)];
}

export function missingFiles(modelDir: string, dtype: E5Dtype): string[] {
  return e5ModelFiles(dtype).filter((f) => !fs.existsSync(path.join(modelDir, f)));
}

/** True when the ONNX weights, tokenizer and config are all in `modelDir` (for EMBEDDER=auto). */
export function e5WeightsPresent(modelDir: string, dtype: E5Dtype = 'q8'): boolean {
  return missingFiles(modelDir, dtype).length === 0;
}
