export {
  AnswerLog,
  REVIEW_STATES,
  answerFromRow,
  citationFromRow,
  type AnswerRow,
  type CitationRow,
  type AnswerLogOptions,
  type AnswerRecord,
  type Feedback,
  type LogEntry,
  type LoggedCitation,
  type ReviewEvent,
  type ReviewState,
} from './answer-log.js';
export { scheduleRetention, type RetentionHandle } from './retention.js';
export { SCHEMA_VERSION } from './schema.js';
