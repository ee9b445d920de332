import type { DatePrecision, Language } from '../corpus/types.js';

/** The months' English names; a citation's date shows their first three letters ("5 Jan 2022"). */
export const EN_MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const EN_MONTHS = EN_MONTH_NAMES.map((name) => name.slice(0, 3));
// Levantine and Egyptian month names together, as Syrian outlets commonly write them.
export const AR_MONTH_NAMES = [
  'كانون الثاني/يناير',
  'شباط/فبراير',
  'آذار/مارس',
  'نيسان/أبريل',
  'أيار/مايو',
  'حزيران/يونيو',
  'تموز/يوليو',
  'آب/أغسطس',
  'أيلول/سبتمبر',
  'تشرين الأول/أكتوبر',
  'تشرين الثاني/نوفمبر',
  'كانون الأول/ديسمبر',
];

/** A publication date as precisely as it is known: "5 Jan 2022", "Jan 2022", "2022", "date unknown". */
export function formatDate(published: string | null, precision: DatePrecision, lang: Language): string {
  const m = published?.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (!m || precision === 'unknown') return lang === 'ar' ? 'تاريخ غير معروف' : 'date unknown';
  const [, y, mo, d] = m;
  const month = mo ? (lang === 'ar' ? AR_MONTH_NAMES : EN_MONTHS)[Number(mo) - 1] : undefined;
  if (precision === 'day' && month && d) return `${Number(d)} ${month} ${y}`;
  if ((precision === 'day' || precision === 'month') && month) return `${month} ${y}`;
  return y!;
}

/** "Enab Baladi, 5 Jan 2022" (with an Arabic comma in Arabic) — the source line of a citation. */
export function formatSource(
  source: string | null,
  published: string | null,
  precision: DatePrecision,
  lang: Language,
): string {
  const src = source ?? (lang === 'ar' ? 'مصدر غير مذكور' : 'source not stated');
  return `${src}${lang === 'ar' ? '، ' : ', '}${formatDate(published, precision, lang)}`;
}

/**
 * Where a quote comes from, in a sentence of the answer ("بحسب …", "From …"): the source and date, or,
 * when the article names no source, that it is an article whose source is not stated; not an "unnamed
 * source", which in news means a person who would not be named.
 */
export function formatOrigin(
  source: string | null,
  published: string | null,
  precision: DatePrecision,
  lang: Language,
): string {
  if (source !== null) return formatSource(source, published, precision, lang);
  const date = formatDate(published, precision, lang);
  return lang === 'ar' ? `مقال لم يُذكر مصدره، ${date}` : `an article whose source is not stated, ${date}`;
}
