import type { ExportRow } from './query.js';

export type ExportFormat = 'csv' | 'jsonl';

const CSV_COLUMNS = [
  'id',
  'created_at',
  'language',
  'chat_type',
  'question',
  'follows',
  'answer_text',
  'abstained',
  'top_score',
  'feedback',
  'feedback_at',
  'review_state',
  'review_note',
  'reviewed_by',
  'reviewed_at',
  'embedder_id',
  'index_version',
  'latency_ms',
  'citations',
  // Added later, so at the end: spreadsheets made from earlier exports keep their columns.
  'considered',
  'review_history',
  'asked_as',
  'undelivered',
  'feedback_comment',
  'feedback_was',
  'feedback_was_at',
] as const;

/**
 * Where a spreadsheet can start a formula in a text cell: at its start, after blanks there (some strip
 * them first), and at the start of each of its lines and of each part after a ";". A spreadsheet whose
 * list separator is ";" (most of Europe's) splits a line of this file at every ";" and every line
 * break, quotes or not, since the quote of a cell after the first is not at a field's start for it:
 * "why?\n=HYPERLINK(…)" or "why?;=HYPERLINK(…)" there puts "=HYPERLINK(…)" at a cell's start. A lone
 * tab or carriage return starting the cell counts too (OWASP's list).
 */
const FORMULA_START = /(^|\r\n|[\r\n;])(?=[ \u00a0]*[=+\-@]|[\t\r])/g;

/** A text cell, with `'` before each place a formula could start (FORMULA_START), so it reads as text. */
export function csvText(value: string | null): string {
  if (value === null) return '';
  return value.replace(FORMULA_START, "$1'");
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function num(value: number | null): string {
  return value === null ? '' : String(value);
}

/** Passages in one cell, one per line: `[n] article @start-end: passage`. */
function passagesCell(passages: ExportRow['citations']): string {
  return passages
    .map((c) => `[${c.n}] ${c.articleId}${c.start !== null ? ` @${c.start}-${c.end}` : ''}: ${c.text}`)
    .join('\n');
}

/**
 * The review's audit trail in one cell, oldest first, one change per line:
 * `when moderator: from → to — note` (a note's own line breaks become spaces, to keep one per line).
 */
function historyCell(row: ExportRow): string {
  return row.reviewEvents
    .map(
      (e) =>
        `${e.at} ${e.moderator}: ${e.fromState} → ${e.toState}` +
        (e.note ? ` — ${e.note.replace(/\s*[\r\n]+\s*/g, ' ')}` : ''),
    )
    .join('\n');
}

export function csvRow(row: ExportRow): string {
  const cells = [
    String(row.id),
    row.createdAt,
    row.language,
    csvText(row.chatType),
    csvText(row.question),
    csvText(row.follows),
    csvText(row.answerText),
    row.abstained ? '1' : '0',
    num(row.topScore),
    row.feedback ?? '',
    row.feedbackAt ?? '',
    row.reviewState,
    csvText(row.reviewNote),
    csvText(row.reviewedBy),
    row.reviewedAt ?? '',
    csvText(row.embedderId),
    csvText(row.indexVersion),
    num(row.latencyMs),
    csvText(passagesCell(row.citations)),
    csvText(passagesCell(row.considered)),
    csvText(historyCell(row)),
    row.askedAs,
    csvText(row.undelivered),
    csvText(row.feedbackComment),
    row.feedbackWas ?? '',
    row.feedbackWasAt ?? '',
  ];
  return cells.map(quote).join(',') + '\r\n';
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark so spreadsheet programs read the Arabic right. */
export function* csvChunks(rows: Iterable<ExportRow>): Generator<string> {
  yield '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n';
  for (const row of rows) yield csvRow(row);
}

export function* jsonlChunks(rows: Iterable<ExportRow>): Generator<string> {
  for (const row of rows) yield JSON.stringify(row) + '\n';
}

export function exportChunks(format: ExportFormat, rows: Iterable<ExportRow>): Generator<string> {
  return format === 'csv' ? csvChunks(rows) : jsonlChunks(rows);
}
