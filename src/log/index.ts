export {
  AnswerLog,
  REVIEW_STATES,
  answerFromRow,
  askedAs,
  citationFromRow,
  reviewEventOf,
  type AnswerRow,
  type AskedAs,
  type CitationRow,
  type AnswerLogOptions,
  type AnswerRecord,
  type Feedback,
  type LogEntry,
  type LoggedCitation,
  type ReviewEvent,
  type ReviewEventRow,
  type ReviewState,
} from './answer-log.js';
export { scheduleRetention, type RetentionHandle } from './retention.js';
export { SCHEMA_VERSION } from './schema.js';
