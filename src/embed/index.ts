import type { Embeddings } from '@langchain/core/embeddings';
import type { Config } from '../config.js';
import { LexicalEmbeddings } from './lexical.js';
import { e5WeightsPresent } from './weights.js';

export { LexicalEmbeddings } from './lexical.js';
export { e5WeightsPresent } from './weights.js';

/** An `Embeddings` that also says what it is, so an index can refuse vectors from another model. */
export type IndexEmbeddings = Embeddings & { readonly id: string; readonly dimension: number };

export interface EmbeddingsChoice {
  embeddings: IndexEmbeddings;
  /** One line for a person: which embedder, and why. */
  reason: string;
}

/**
 * The one place that chooses an embedder. `auto` (the default) uses e5 when its weights are
 * in the local model folder, else the offline lexical embedder, and says which.
 */
export async function createEmbeddings(
  config: Pick<
    Config,
    'EMBEDDER' | 'E5_MODEL_DIR' | 'E5_MODEL_ID' | 'E5_ALLOW_REMOTE' | 'E5_BATCH_SIZE' | 'LEXICAL_DIM'
  >,
): Promise<EmbeddingsChoice> {
  const lexical = () => new LexicalEmbeddings({ dimension: config.LEXICAL_DIM });
  // Imported on demand: transformers.js and onnxruntime take seconds to load, and the
  // offline default never needs them.
  const e5 = async () =>
    (await import('./e5.js')).E5Embeddings.load({
      modelDir: config.E5_MODEL_DIR,
      modelId: config.E5_MODEL_ID,
      allowRemote: config.E5_ALLOW_REMOTE,
      batchSize: config.E5_BATCH_SIZE,
    });
  switch (config.EMBEDDER) {
    case 'lexical':
      return { embeddings: lexical(), reason: 'EMBEDDER=lexical: offline hashed lexical features' };
    case 'e5':
      return { embeddings: await e5(), reason: `EMBEDDER=e5: ${config.E5_MODEL_ID}` };
    case 'auto':
      if (e5WeightsPresent(config.E5_MODEL_DIR)) {
        return {
          embeddings: await e5(),
          reason: `EMBEDDER=auto: e5 weights found in ${config.E5_MODEL_DIR}`,
        };
      }
      return {
        embeddings: lexical(),
        reason: `EMBEDDER=auto: no e5 weights in ${config.E5_MODEL_DIR} (npm run fetch-model), using the offline lexical embedder`,
      };
  }
}
