import { z } from 'zod';
import type { DatePrecision } from './types.js';

const PUBLISHED_SHAPES =
  'expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time such as 2018-03-01T10:00:00+02:00';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(Number(y), month);
}

/**
 * The precision a `published` value's shape states, or null when it is not a date we accept
 * (YYYY, YYYY-MM, YYYY-MM-DD, or a date-time, which is known to the day).
 */
export function precisionOf(published: string | null): DatePrecision | null {
  if (published === null) return 'unknown';
  if (/^\d{4}$/.test(published)) return 'year';
  let m = /^(\d{4})-(\d{2})$/.exec(published);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? 'month' : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(published);
  if (m) return validDay(m[1]!, m[2]!, m[3]!) ? 'day' : null;
  m = DATE_TIME.exec(published);
  if (m) {
    const [, y, mo, d, hh, mm, ss, oh, om] = m;
    const timeOk =
      Number(hh) <= 23 &&
      Number(mm) <= 59 &&
      (ss === undefined || Number(ss) <= 60) &&
      (oh === undefined || Number(oh) <= 23) &&
      (om === undefined || Number(om) <= 59);
    return timeOk && validDay(y!, mo!, d!) ? 'day' : null;
  }
  return null;
}

const requiredString = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be ${what}`) });

export const IdSchema = requiredString('a string')
  .min(1, 'must not be empty')
  .regex(/^\S+$/, 'must not contain whitespace');

const nullableText = z.string({ error: 'must be a string or null' }).nullable();

/**
 * A whole number stands for the text it is written as: `"published": 2022` in a JSON line is the year
 * 2022 (year precision, not 1 January), as `published: 2022` in front matter is, which YAML reads as a
 * number and loading keeps as written. The JSON line had been refused ("must be a string or null").
 * Any other number is checked as that text (20220105 is no date we accept); a fraction stays refused.
 */
const numberAsWritten = (value: unknown): unknown =>
  typeof value === 'number' && Number.isInteger(value) ? String(value) : value;

export const PublishedSchema = z.preprocess(
  numberAsWritten,
  z
    .string({ error: `must be a string or null (${PUBLISHED_SHAPES})` })
    .superRefine((s, ctx) => {
      if (precisionOf(s) === null) ctx.addIssue({ code: 'custom', message: `"${s}": ${PUBLISHED_SHAPES}` });
    })
    .nullable(),
);

export const DatePrecisionSchema = z.enum(['day', 'month', 'year', 'unknown']);
export const LanguageSchema = z.enum(['ar', 'en']);

/** Front matter of a .md/.txt article. Unknown keys are rejected so a typo cannot drop metadata. */
export const FrontMatterSchema = z
  .strictObject({
    id: IdSchema.optional(),
    title: nullableText.optional(),
    source: nullableText.optional(),
    published: PublishedSchema.optional(),
    published_precision: DatePrecisionSchema.nullable().optional(),
    url: nullableText.optional(),
    language: LanguageSchema.optional(),
  })
  .superRefine((fm, ctx) => {
    const given = fm.published_precision;
    if (given === undefined || given === null) return;
    const shape = precisionOf(fm.published ?? null);
    if (shape !== null && shape !== given) {
      const what =
        fm.published == null ? 'published is null' : `published "${fm.published}" is ${shape} precision`;
      ctx.addIssue({
        code: 'custom',
        path: ['published_precision'],
        message: `"${given}" disagrees with the date (${what}); fix one of them or drop published_precision`,
      });
    }
  });

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** One line of a .jsonl corpus. Unknown keys are rejected for the same reason as in front matter. */
export const JsonlRecordSchema = z.strictObject({
  id: IdSchema,
  title: nullableText.optional(),
  source: nullableText.optional(),
  published: PublishedSchema.optional(),
  url: nullableText.optional(),
  language: LanguageSchema.optional(),
  text: requiredString('a string'),
});

export type JsonlRecord = z.infer<typeof JsonlRecordSchema>;

/** A short, fixable description of what is wrong, naming the field. */
export function describeIssues(error: z.ZodError, allowedKeys: readonly string[]): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `"${k}"`).join(', ');
        return `unknown key ${keys} (allowed: ${allowedKeys.join(', ')})`;
      }
      const field = issue.path.map(String).join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export const FRONT_MATTER_KEYS = Object.keys(FrontMatterSchema.shape);
export const JSONL_KEYS = Object.keys(JsonlRecordSchema.shape);
