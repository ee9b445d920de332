export { runBench, writeReport, parseSizes, DEFAULT_SIZES, type BenchOptions, type SizeSpec } from './run.js';
export { renderMarkdown, markdownTable, checkTargets, type BenchReport, type SizeResult } from './report.js';
export { percentile, summarize, recallAt, chooseEf, type LatencySummary } from './stats.js';
export { writeSubset } from './subset.js';
export { loadQuestions } from './questions.js';
export { EF_VALUES, RECALL_TARGET } from './ann.js';
