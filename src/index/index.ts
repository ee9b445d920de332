export { IncidentIndex, type OpenOptions } from './open.js';
export {
  buildIndex,
  articleHash,
  InterruptedError,
  NothingToIndexError,
  RemovalRefusedError,
  type BuildOptions,
  type BuildProgress,
  type BuildReport,
} from './build.js';
export { IndexError, PIPELINE_VERSION, type Manifest } from './manifest.js';
export { Bm25Index, Bm25Builder, type Hit, type WeightedTerm } from './bm25.js';
export type { PassageRow, ArticleRow } from './store.js';
export {
  indexTerms,
  leadField,
  leadTerm,
  LEAD_PREFIX,
  stemsOf,
  surfaceTerm,
  SURFACE_PREFIX,
} from './terms.js';

import { IncidentIndex, type OpenOptions } from './open.js';
/** Opens the current generation of the index in `indexDir` (see IncidentIndex.open). */
export const openIndex = (indexDir: string, opts: OpenOptions): IncidentIndex =>
  IncidentIndex.open(indexDir, opts);
