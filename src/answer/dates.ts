// The dates a passage states, as Arabic news writes them: "الأربعاء 5 من كانون الثاني", "في
// الثالث من كانون الثاني/ يناير الجاري", "2كانون الثاني/ يناير", "أيار 2022". The English lead
// states them in English, and their numbers are not read as figures ("5 من" is a day, not five
// of something). "يناير الجاري" and "كانون الأول الماضي" take their year from the article's date.
import type { DatePrecision, Language } from '../corpus/types.js';
import { normalize } from '../text/index.js';
import { AR_MONTH_NAMES, EN_MONTH_NAMES } from './format.js';

export interface DateMention {
  /** Where the mention starts and ends in the text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** 0 for Sunday … 6 for Saturday, when the text names the day of the week. */
  weekday?: number;
  day?: number;
  /** 1 … 12. */
  month: number;
  year?: number;
  /**
   * The year is not in the text but the one nearest the article's date (see nearestYear): right for most
   * news, wrong for an anniversary ("لن ننسى الخامس عشر من تموز"), so it is shown as an editor's insertion.
   */
  yearInferred?: true;
  /**
   * The day is not in the text but counted from the article's date ("أمس، الثلاثاء" in a 5 January 2022
   * article is Tuesday 4 January 2022), so all of it but a weekday the text names is an editor's insertion.
   */
  dateInferred?: true;
}

/** When the article was published, as far as its date tells: what "الجاري" and "الماضي" count from. */
export interface Reference {
  year: number;
  /** 1 … 12, when the article's date names its month. */
  month?: number;
  /** When the article's date names its day. */
  day?: number;
}

/** The reference an article's date gives, if it gives a year. */
export function referenceOf(published: string | null, precision: DatePrecision): Reference | undefined {
  if (!published || precision === 'unknown') return undefined;
  const [year, month, day] = [published.slice(0, 4), published.slice(5, 7), published.slice(8, 10)].map(
    Number,
  );
  if (!Number.isInteger(year)) return undefined;
  return {
    year: year!,
    ...(precision !== 'year' ? { month } : {}),
    ...(precision === 'day' ? { day } : {}),
  };
}

/**
 * Words after a month that place it from the article's date: this year's ("يناير الجاري"), the last
 * one before it ("كانون الأول الماضي") or the next one after it ("آذار المقبل").
 */
type Relative = 'current' | 'past' | 'next';

const RELATIVE: ReadonlyMap<string, Relative> = new Map(
  (
    [
      ['الجاري', 'current'],
      ['الحالي', 'current'],
      ['الماضي', 'past'],
      ['المنصرم', 'past'],
      ['الفائت', 'past'],
      ['المقبل', 'next'],
      ['القادم', 'next'],
    ] as const
  ).map(([word, when]) => [normalize(word), when]),
);

/** The year of `day` `month` that `when` means, counted from the reference; undefined when it cannot tell. */
function relativeYear(
  month: number,
  day: number | undefined,
  when: Relative,
  ref: Reference,
): number | undefined {
  if (when === 'current') return ref.year;
  if (ref.month === undefined) return undefined;
  let before = month < ref.month;
  let after = month > ref.month;
  if (month === ref.month && day !== undefined) {
    // "22 مايو الماضي" in a 30 May article is this May's; "24 يونيو المقبل" in a 2 June article, this June's.
    if (ref.day === undefined) return undefined;
    before = day <= ref.day;
    after = day >= ref.day;
  }
  // "كانون الثاني الماضي" in a January article is last year's January.
  if (when === 'past') return before ? ref.year : ref.year - 1;
  return after ? ref.year : ref.year + 1;
}

const YEAR_STEP: Record<Relative, number> = { past: -1, current: 0, next: 1 };

/**
 * The year of a day and month the text gives without one ("الأربعاء 5 من كانون الثاني" in a 5 January 2022
 * article): the one that puts it nearest the article's date, as news mostly tells of the weeks around it.
 * Undefined when the article's month is unknown, or when the text names a weekday that day does not fall on
 * that year (a slip in the text, or a date from another time).
 */
function nearestYear(
  day: number,
  month: number,
  weekday: number | undefined,
  ref: Reference,
): number | undefined {
  if (ref.month === undefined) return undefined;
  const at = Date.UTC(ref.year, ref.month - 1, ref.day ?? 15);
  let best: Date | undefined;
  for (const year of [ref.year - 1, ref.year, ref.year + 1]) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCDate() !== day) continue; // 30 February
    if (!best || Math.abs(date.getTime() - at) < Math.abs(best.getTime() - at)) best = date;
  }
  if (!best || (weekday !== undefined && best.getUTCDay() !== weekday)) return undefined;
  return best.getUTCFullYear();
}

const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const AR_WEEKDAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];

/** English month names, each also read by its first three letters ("Jan", "Sep"). */
const ENGLISH_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Month names, Levantine, Egyptian and English, normalised; two words where the name has two. */
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['كانون الثاني', 1],
      ['يناير', 1],
      ['شباط', 2],
      ['فبراير', 2],
      ['آذار', 3],
      ['مارس', 3],
      ['نيسان', 4],
      ['أبريل', 4],
      ['إبريل', 4],
      ['أيار', 5],
      ['مايو', 5],
      ['حزيران', 6],
      ['يونيو', 6],
      ['يونيه', 6],
      ['تموز', 7],
      ['يوليو', 7],
      ['يوليه', 7],
      ['آب', 8],
      ['أغسطس', 8],
      ['أيلول', 9],
      ['سبتمبر', 9],
      ['تشرين الأول', 10],
      ['أكتوبر', 10],
      ['تشرين الثاني', 11],
      ['نوفمبر', 11],
      ['كانون الأول', 12],
      ['ديسمبر', 12],
      // English, as an Arabic article quotes a tweet's date: "(@DeirEzzor24) January 5, 2022".
      ...ENGLISH_MONTHS.flatMap((name, i) => [[name, i + 1] as const, [name.slice(0, 3), i + 1] as const]),
      ['sept', 9],
    ] as const
  ).map(([name, month]) => [normalize(name), month]),
);

/** Whether a month name is written in Latin letters, where the day may follow it ("January 5, 2022"). */
const isLatin = (name: string) => /^[a-z]/.test(name);

/**
 * The weekdays' Arabic names, and how people write them in their own Arabic: Levantine «التلات»,
 * «الاتنين» and «الأربعا» (a question reads them; the articles write the standard names).
 */
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ...AR_WEEKDAYS.map((d, i): [string, number] => [normalize(d), i]),
  ...(
    [
      ['الاتنين', 1],
      ['التلات', 2],
      ['التلاتاء', 2],
      ['الأربعا', 3],
    ] as const
  ).map(([d, i]): [string, number] => [normalize(d), i]),
]);

/** Days written as ordinals: "الثالث من كانون الثاني", "الحادي والعشرين من آذار". */
const ORDINAL_DAYS: ReadonlyMap<string, number> = (() => {
  const units = ['الحادي', 'الثاني', 'الثالث', 'الرابع', 'الخامس', 'السادس', 'السابع', 'الثامن', 'التاسع'];
  const days = new Map<string, number>([
    ['الأول', 1],
    ['العاشر', 10],
    ['العشرين', 20],
    ['الثلاثين', 30],
  ]);
  units.forEach((u, i) => {
    if (i > 0) days.set(u, i + 1);
    days.set(`${u} عشر`, i + 11);
    days.set(`${u} والعشرين`, i + 21);
  });
  days.set('الحادي والثلاثين', 31);
  return new Map([...days].map(([words, day]) => [normalize(words), day]));
})();

const FROM = normalize('من');
/** Words an ordinal after them counts, not a day (see statedDates). */
const NOT_DAYS: ReadonlySet<string> = new Set(
  ['الأسبوع', 'النصف', 'الربع', 'الثلث', 'الهجوم', 'المرة', 'الجولة', 'العدد', 'الفصل', 'الشهر'].map(
    normalize,
  ),
);
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)$/u;
/** What may stand between a month's two names ("كانون الثاني/ يناير", "كانون الثاني (يناير)"). */
const BETWEEN_NAMES = /^[\s/()\-–]*$/u;
const SPACES = /^\s*$/u;
/** Between a weekday and its day: "الأربعاء 5", "الأربعاء، 5". */
const AFTER_WEEKDAY = /^[\s،,]*$/u;
/** Between a month and its year: "أيار 2022", "أيار، 2022", "كانون الثاني (يناير) 2022". */
const YEAR_GAP = /^[\s،,)]*$/u;
const YEAR_WORDS: ReadonlySet<string> = new Set(['عام', 'سنة', 'العام', 'السنة'].map(normalize));
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * Any month name, as the text may write it before normalisation (hamza forms, Persian yeh and kaf,
 * diacritics and tatweel between the letters): a passage without one holds no date, and most hold
 * none, so they are not read word by word.
 */
const ANY_MONTH = (() => {
  const marks = '[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED\\u0640]*';
  const letter: Record<string, string> = { ا: '[اأإآٱ]', ي: '[يیى]', ك: '[كک]', ه: '[هة]' };
  const firstWords = new Set([...MONTHS.keys()].map((name) => name.split(' ')[0]!));
  const spelled = [...firstWords].map((w) => [...w].map((c) => (letter[c] ?? c) + marks).join(''));
  // A whole word: آب is not the اب of الإرهاب.
  return new RegExp(`(?<!\\p{L})(?:${spelled.join('|')})(?!\\p{L})`, 'iu');
})();

interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * The dates `text` states with a day or a year; a month alone is not a date. With the article's date as
 * `ref`, a month followed by "الجاري", "الماضي" or "المقبل" gets its year, and is then a date without a day;
 * a day and month without a year get the year nearest the article's date.
 */
export function datesIn(text: string, ref?: Reference): DateMention[] {
  const named = ANY_MONTH.test(text);
  const counted = ref?.day !== undefined && ANY_RELATIVE.test(text);
  if (!named && !counted) return [];
  const tokens: Token[] = [...text.matchAll(/\p{N}+|[\p{L}\p{M}]+/gu)].map((m) => ({
    text: /^\p{N}/u.test(m[0]) ? m[0] : normalize(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const absolute = named ? statedDates(text, tokens, ref) : [];
  if (!counted) return absolute;
  // A day counted from the article's date yields to a date stated over the same words.
  const relative = countedDays(text, tokens, ref!).filter(
    (r) => !absolute.some((a) => a.start < r.end && r.start < a.end),
  );
  return [...absolute, ...relative].sort((a, b) => a.start - b.start);
}

/** Text between two tokens; a NUL after the last, so that no pattern of spaces matches there. */
const gapIn = (text: string, a: Token, b: Token | undefined) => (b ? text.slice(a.end, b.start) : '\u0000');

/** A weekday's number, also with "و" before it ("والثلاثاء"). */
const weekdayOf = (word: string | undefined): number | undefined =>
  word === undefined ? undefined : (WEEKDAYS.get(word) ?? WEEKDAYS.get(word.replace(/^و/u, '')));

const YESTERDAY: ReadonlySet<string> = new Set(['أمس', 'الأمس', 'وأمس', 'البارحة'].map(normalize));
const FIRST: ReadonlySet<string> = new Set(['أول', 'وأول'].map(normalize));
const TODAY: ReadonlySet<string> = new Set(['اليوم', 'واليوم'].map(normalize));
const LAST: ReadonlySet<string> = new Set(['الماضي', 'الفائت', 'المنصرم'].map(normalize));
/** Any word a day counted from the article's date needs: most passages have none. */
const ANY_RELATIVE = /(?<!\p{L})(?:و?ال)?[أاإ]مس(?!\p{L})|البارحة|اليوم|الماضي|الفائت|المنصرم/u;
const DAY_MS = 86_400_000;

/**
 * The days a passage names by the article's date, as news writes them: "أمس" (and "أمس، الثلاثاء"),
 * "أول أمس" or "أول من أمس", "اليوم الأربعاء" (not "اليوم" alone, which is as often "nowadays"), and
 * "الثلاثاء الماضي", the last Tuesday before the article. Only with an article dated to the day; a
 * weekday named beside "أمس" or "اليوم" that the day does not fall on leaves the mention out.
 */
function countedDays(text: string, tokens: readonly Token[], ref: Reference): DateMention[] {
  const gap = (a: Token, b: Token | undefined) => gapIn(text, a, b);
  const published = Date.UTC(ref.year, ref.month! - 1, ref.day!);
  const out: DateMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.text;
    let from = i;
    let back: number;
    let weekday: number | undefined;
    let end = i;
    if (YESTERDAY.has(word)) {
      back = 1;
      // "أول أمس", "أول من أمس".
      const before = tokens[i - 1];
      if (before && SPACES.test(gap(before, tokens[i]!))) {
        if (FIRST.has(before.text)) [back, from] = [2, i - 1];
        else if (
          before.text === FROM &&
          FIRST.has(tokens[i - 2]?.text ?? '') &&
          SPACES.test(gap(tokens[i - 2]!, before))
        )
          [back, from] = [2, i - 2];
      }
    } else if (TODAY.has(word)) {
      back = 0;
    } else {
      // "الثلاثاء الماضي": the last Tuesday before the article's day, a week back if it is one.
      const day = weekdayOf(word);
      const next = tokens[i + 1];
      if (day === undefined || !next || !LAST.has(next.text) || !SPACES.test(gap(tokens[i]!, next))) continue;
      back = (new Date(published).getUTCDay() - day + 7) % 7 || 7;
      [weekday, end] = [day, i + 1];
    }
    if (weekday === undefined) {
      const next = tokens[i + 1];
      const named = next && AFTER_WEEKDAY.test(gap(tokens[i]!, next)) ? weekdayOf(next.text) : undefined;
      if (back === 0 && named === undefined) continue;
      if (named !== undefined) [weekday, end] = [named, i + 1];
    }
    const date = new Date(published - back * DAY_MS);
    if (weekday !== undefined && date.getUTCDay() !== weekday) continue;
    out.push({
      start: tokens[from]!.start,
      end: tokens[end]!.end,
      ...(weekday !== undefined ? { weekday } : {}),
      day: date.getUTCDate(),
      month: date.getUTCMonth() + 1,
      year: date.getUTCFullYear(),
      dateInferred: true,
    });
    i = end;
  }
  return out;
}

/** The dates `text` states with a month's name (see datesIn). */
function statedDates(text: string, tokens: readonly Token[], ref: Reference | undefined): DateMention[] {
  const gap = (a: Token, b: Token | undefined) => gapIn(text, a, b);
  /** A month name at i: its number and the index after it. */
  const monthAt = (i: number): [number, number] | undefined => {
    const two = tokens[i + 1] && SPACES.test(gap(tokens[i]!, tokens[i + 1]));
    if (two) {
      const month = MONTHS.get(`${tokens[i]!.text} ${tokens[i + 1]!.text}`);
      if (month) return [month, i + 2];
    }
    const t = tokens[i];
    const month = t && MONTHS.get(t.text);
    // An English month is capitalised: "strikes may follow" names none.
    if (!month || (isLatin(t.text) && !/^\p{Lu}/u.test(text[t.start]!))) return undefined;
    return [month, i + 1];
  };
  /** "من العام الماضي", "العام الجاري", "السنة المقبلة" at i: which year, and the index after the words. */
  const yearWordsAt = (i: number): [Relative, number] | undefined => {
    let k = i;
    if (tokens[k]?.text === FROM && SPACES.test(gap(tokens[k - 1]!, tokens[k]))) k++;
    const word = tokens[k];
    if (!word || !YEAR_WORDS.has(word.text) || !SPACES.test(gap(tokens[k - 1]!, word))) return undefined;
    const relative = tokens[k + 1];
    if (!relative || !SPACES.test(gap(word, relative))) return undefined;
    // The feminine after السنة: "السنة الماضية".
    const when = RELATIVE.get(relative.text) ?? RELATIVE.get(relative.text.replace(/ه$/u, ''));
    return when ? [when, k + 2] : undefined;
  };
  /** A day at i, in digits or as an ordinal: its number and the index after it. */
  const dayAt = (i: number): [number, number] | undefined => {
    const t = tokens[i];
    if (!t) return undefined;
    if (/^\p{N}{1,2}$/u.test(t.text)) {
      const day = digits(t.text);
      if (day < 1 || day > 31) return undefined;
      // "the 10th of January", "January 10th", as English questions write them.
      const suffix = tokens[i + 1];
      return suffix && ORDINAL_SUFFIX.test(suffix.text) && gap(t, suffix) === ''
        ? [day, i + 2]
        : [day, i + 1];
    }
    const next = tokens[i + 1];
    const two = next && SPACES.test(gap(t, next)) ? ORDINAL_DAYS.get(`${t.text} ${next.text}`) : undefined;
    if (two) return [two, i + 2];
    const one = ORDINAL_DAYS.get(t.text);
    return one ? [one, i + 1] : undefined;
  };
  /** "الأسبوع الأول من آذار", "الهجوم الثاني من نيسان": an ordinal after such a word is no day. */
  const ordinalOfNoun = (i: number) =>
    !/^\p{N}/u.test(tokens[i]!.text) && NOT_DAYS.has(tokens[i - 1]?.text.replace(/^و/u, '') ?? '');
  const out: DateMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // "الأربعاء 5 من …": a weekday counts only before its day.
    const weekday = weekdayOf(tokens[i]!.text);
    const dated = weekday !== undefined && AFTER_WEEKDAY.test(gap(tokens[i]!, tokens[i + 1]));
    const day = dayAt(dated ? i + 1 : i);
    if (dated && !day) continue;
    if (day && !dated && ordinalOfNoun(i)) {
      i = day[1] - 1;
      continue;
    }
    let m = day ? day[1] : i;
    // "5 من كانون الثاني": من may stand between the day and its month.
    if (
      day &&
      (tokens[m]?.text === FROM || tokens[m]?.text === 'of') &&
      SPACES.test(gap(tokens[m - 1]!, tokens[m]))
    )
      m++;
    if (day && !SPACES.test(gap(tokens[m - 1]!, tokens[m]))) continue;
    const month = monthAt(m);
    if (!month) continue;
    let next = month[1];
    // "January 5, 2022": in English the day may follow its month. Not in Arabic, where the number after
    // a month is what happened in it ("في يناير 15 قتيلاً").
    const monthDay =
      !day && isLatin(tokens[m]!.text) && SPACES.test(gap(tokens[next - 1]!, tokens[next]))
        ? dayAt(next)
        : undefined;
    if (monthDay) next = monthDay[1];
    const dayOfMonth = day ?? monthDay;
    // The same month's other name: "كانون الثاني/ يناير".
    const other = tokens[next] && BETWEEN_NAMES.test(gap(tokens[next - 1]!, tokens[next])) && monthAt(next);
    if (other && other[0] === month[0]) next = other[1];
    // "آب عام 2013": عام may stand between the month and its year.
    const yearWord = tokens[next];
    if (
      yearWord &&
      YEAR_WORDS.has(yearWord.text) &&
      SPACES.test(gap(tokens[next - 1]!, yearWord)) &&
      SPACES.test(gap(yearWord, tokens[next + 1])) &&
      /^\p{N}{4}$/u.test(tokens[next + 1]!.text)
    )
      next++;
    const y = tokens[next];
    let year =
      y && /^\p{N}{4}$/u.test(y.text) && YEAR_GAP.test(gap(tokens[next - 1]!, y)) ? digits(y.text) : 0;
    let hasYear = year >= MIN_YEAR && year <= MAX_YEAR;
    let end = hasYear ? next + 1 : next;
    const when = !hasYear && y && SPACES.test(gap(tokens[next - 1]!, y)) ? RELATIVE.get(y.text) : undefined;
    const ofYear = !hasYear && !when ? yearWordsAt(next) : undefined;
    if (ofYear) {
      // "أيار من العام الماضي": the year before the article's.
      if (ref) [year, hasYear] = [ref.year + YEAR_STEP[ofYear[0]], true];
      if (dayOfMonth || ref) end = ofYear[1];
    } else if (when) {
      const relative = ref && relativeYear(month[0], dayOfMonth?.[0], when, ref);
      if (relative) [year, hasYear] = [relative, true];
      if (dayOfMonth || relative) end = next + 1;
    }
    const near =
      dayOfMonth && !hasYear && !when && ref
        ? nearestYear(dayOfMonth[0], month[0], dated ? weekday : undefined, ref)
        : undefined;
    if (!dayOfMonth && !hasYear) continue;
    out.push({
      start: tokens[i]!.start,
      end: tokens[end - 1]!.end,
      ...(dated ? { weekday } : {}),
      ...(dayOfMonth ? { day: dayOfMonth[0] } : {}),
      month: month[0],
      ...(hasYear ? { year } : {}),
      ...(near ? { year: near, yearInferred: true as const } : {}),
    });
    i = end - 1;
  }
  return out;
}

/** The days a question names ("on January 10", «يوم 3 كانون الثاني»), not its months or years. */
export const questionDays = (question: string): DateMention[] =>
  datesIn(question).filter((d) => d.day !== undefined);

/** Whether a mention is of a day the question names; their years count only where both give one. */
export const sameDay = (asked: DateMention, d: Pick<DateMention, 'day' | 'month' | 'year'>): boolean =>
  asked.day === d.day &&
  asked.month === d.month &&
  (asked.year === undefined || d.year === undefined || asked.year === d.year);

/** Whether a passage states a day the question names (`asked`), by its words or counted from its date. */
export function statesDay(
  asked: readonly DateMention[],
  row: { text: string; published: string | null; publishedPrecision: DatePrecision },
): boolean {
  return datesIn(row.text, referenceOf(row.published, row.publishedPrecision)).some((m) =>
    asked.some((d) => sameDay(d, m)),
  );
}

/**
 * How many days a follow-up moves from the day the question before it named: "and the day before?",
 * "what happened the next day?", «وفي اليوم السابق؟», «وماذا حدث بعدها بيومين؟».
 */
const SHIFTS: readonly [RegExp, number][] = [
  [/\b(?:the )?(?:day|night) (?:before|earlier)\b|\bprevious day\b|\ba day (?:before|earlier)\b/iu, -1],
  [/\btwo days (?:before|earlier)\b/iu, -2],
  [/\b(?:the )?(?:day|night) (?:after|later)\b|\b(?:next|following) day\b|\ba day (?:after|later)\b/iu, 1],
  [/\btwo days (?:after|later)\b/iu, 2],
  [/اليوم السابق|الليلة السابقة|اليوم الذي (?:سبقه|سبقها|قبله|قبلها)|(?:قبله|قبلها|قبل ذلك) بيوم(?!ين)/u, -1],
  [/(?:قبله|قبلها|قبل ذلك) بيومين/u, -2],
  [/اليوم التالي|الليلة التالية|اليوم الذي (?:يليه|يليها|بعده|بعدها)|(?:بعده|بعدها|بعد ذلك) بيوم(?!ين)/u, 1],
  [/(?:بعده|بعدها|بعد ذلك) بيومين/u, 2],
];

/**
 * A follow-up that moves from the day its question before named ("What happened on January 4?",
 * then "and the day before?"), with that day written out after it ("and the day before? 3 January"),
 * so that it is searched and answered as a question naming the day; after a question naming a day of
 * the week alone, that day of the week in the shift's place ("And Monday?"). Undefined for any other
 * question: one naming a day of its own, one not moving, one after a question naming no single day.
 */
export function followingDay(question: string, previous: string): string | undefined {
  const found = SHIFTS.find(([words]) => words.test(normalizeSpaces(question)));
  const shift = found?.[1];
  if (shift === undefined || questionDays(question).length) return undefined;
  const days = questionDays(previous);
  const arabic = /\p{Script=Arabic}/u.test(question);
  if (!days.length) {
    // After "What happened on Sunday?", "and the next day?" asks about Monday (يوم الاثنين: «الاثنين»
    // alone is "the two").
    const weekdays = new Set(
      questionWeekdays(previous, /\p{Script=Arabic}/u.test(previous) ? 'ar' : 'en').map((w) => w.weekday),
    );
    if (weekdays.size !== 1 || questionWeekdays(question, arabic ? 'ar' : 'en').length) return undefined;
    const day = weekdayName(([...weekdays][0]! + shift + 7) % 7, arabic ? 'ar' : 'en');
    // In the shift's place: "the next day" would otherwise be searched for too.
    if (arabic) return normalizeSpaces(question).replace(found![0], `يوم ${day}`);
    return normalizeSpaces(question)
      .replace(found![0], day)
      .replace(new RegExp(`\\bthe ${day}`, 'iu'), day);
  }
  if (days.length !== 1) return undefined;
  const d = days[0]!;
  // A year without 29 February when the question gives none: 28 February and 1 March are next to each other.
  const date = new Date(Date.UTC(d.year ?? 2001, d.month - 1, d.day! + shift));
  const month = (arabic ? AR_MONTH_NAMES : EN_MONTH_NAMES)[date.getUTCMonth()];
  const year = d.year === undefined ? '' : ` ${date.getUTCFullYear()}`;
  return `${question} ${date.getUTCDate()} ${month}${year}`;
}

const normalizeSpaces = (s: string) => s.replace(/\s+/gu, ' ');

const ORDINAL_WORDS: readonly string[] = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
const EN_MONTH = `(?:${EN_MONTH_NAMES.join('|')}|${EN_MONTH_NAMES.map((m) => m.slice(0, 3)).join('|')})`;
/** "fourth", "twenty-first", "thirtieth": an English day in words. */
const DAY_WORD = `(?:(?:twenty|thirty)[- ](?:${ORDINAL_WORDS.slice(0, 9).join('|')})|${ORDINAL_WORDS.join('|')}|thirtieth)`;
const DIGIT = '[0-9\u0660-\u0669]';

/** The number an English day in words stands for ("twenty-first" is 21). */
function dayWordValue(word: string): number {
  const [tens, unit] = word.toLowerCase().split(/[- ]/u) as [string, string | undefined];
  if (tens === 'thirtieth') return 30;
  if (unit === undefined) return ORDINAL_WORDS.indexOf(tens) + 1;
  return (tens === 'twenty' ? 20 : 30) + ORDINAL_WORDS.indexOf(unit) + 1;
}

/**
 * A question with the dates it writes in figures or words written as the articles' dates are read:
 * "2022-01-04", "4/1/2022" and "4.1.2022" become "4 January 2022", "the 5th" "the 5", "January
 * fourth" and "the fourth of January" "January 4" and "4 of January" (in an Arabic question,
 * "5/1/2022" becomes "5 كانون الثاني/يناير 2022"). Day and month in figures are
 * read day first, as Arabic and most of the world write them, unless only the other order makes a
 * date ("1/13/2022"); the answer states the day it read. Without a four-digit year, "1/2" and "24/7"
 * stay as they are.
 */
export function writtenDates(question: string, language?: Language): string {
  const arabic = language ? language === 'ar' : /\p{Script=Arabic}/u.test(question);
  const names = arabic ? AR_MONTH_NAMES : EN_MONTH_NAMES;
  const month = (m: number) => names[m - 1]!;
  // A year of news: "0933-12-11" (a phone number) and "2254/12/1" (a resolution) are no dates.
  const valid = (d: number, m: number, y: number) => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return (
      y >= 1900 && y < 2100 && m >= 1 && m <= 12 && date.getUTCDate() === d && date.getUTCMonth() === m - 1
    );
  };
  // Not inside a longer run of figures and separators ("10.5.2021.3").
  const [before, after] = [`(?<!${DIGIT}|[-/.]${DIGIT}|${DIGIT}[-/.])`, `(?!${DIGIT}|[-/.]${DIGIT})`];
  return (
    question
      .replace(
        new RegExp(`${before}(${DIGIT}{4})([-/.])(${DIGIT}{1,2})\\2(${DIGIT}{1,2})${after}`, 'gu'),
        (all, y, _, m, d) => {
          const [year, mo, day] = [digits(y), digits(m), digits(d)];
          return valid(day, mo, year) ? `${day} ${month(mo)} ${year}` : all;
        },
      )
      .replace(
        new RegExp(`${before}(${DIGIT}{1,2})([-/.])(${DIGIT}{1,2})\\2(${DIGIT}{4})${after}`, 'gu'),
        (all, a, _, b, y) => {
          const [first, second, year] = [digits(a), digits(b), digits(y)];
          if (valid(first, second, year)) return `${first} ${month(second)} ${year}`;
          return valid(second, first, year) ? `${second} ${month(first)} ${year}` : all;
        },
      )
      // "the 5th", "the 5th of January", "January 5th"; not "the 4th Division", a name the lexicon knows.
      .replace(
        new RegExp(`\\b([0-9]{1,2})(?:st|nd|rd|th)\\b(?=\\s+of\\s+${EN_MONTH}\\b|\\s*(?:[?.,!؟]|$))`, 'giu'),
        '$1',
      )
      .replace(new RegExp(`(?<=\\b${EN_MONTH}\\s+)([0-9]{1,2})(?:st|nd|rd|th)\\b`, 'giu'), '$1')
      .replace(
        new RegExp(`\\b(${DAY_WORD})(\\s+of\\s+${EN_MONTH}\\b)`, 'giu'),
        (_, w, rest) => `${dayWordValue(w)}${rest}`,
      )
      .replace(
        new RegExp(`\\b(${EN_MONTH}\\s+)(${DAY_WORD})\\b`, 'giu'),
        (_, before, w) => `${before}${dayWordValue(w)}`,
      )
  );
}

/** The day a mention names, whatever its weekday or how its year was found: what sameDays merges by. */
export function dayOf(d: DateMention): string {
  return `${d.year ?? '?'}-${d.month}-${d.day ?? '?'}`;
}

/**
 * The mentions with those of one day (or one month of a year) made one, in the order they first come:
 * "الأربعاء 5 من كانون الثاني" in a January 2022 article and a tweet's "January 5, 2022" are Wednesday 5
 * January 2022, said once. The weekday is kept from whichever names it; the year is inferred only if no
 * mention gives it.
 */
export function sameDays(mentions: readonly DateMention[]): DateMention[] {
  const days = new Map<string, DateMention>();
  for (const d of mentions) {
    const key = dayOf(d);
    const seen = days.get(key);
    if (!seen) {
      days.set(key, { ...d });
      continue;
    }
    if (seen.weekday === undefined && d.weekday !== undefined) seen.weekday = d.weekday;
    if (seen.yearInferred && !d.yearInferred) delete seen.yearInferred;
    if (seen.dateInferred && !d.dateInferred) {
      delete seen.dateInferred;
      delete seen.yearInferred;
    }
  }
  return [...days.values()];
}

/**
 * "Wednesday 5 January 2022", "3 January", "May 2022"; "5 January [2022]" when the year is inferred. In
 * Arabic, "الأربعاء 5 كانون الثاني/يناير 2022", the months named as AR_MONTH_NAMES names them.
 */
export function formatMention(d: DateMention, lang: Language = 'en'): string {
  const weekday =
    d.weekday === undefined ? undefined : (lang === 'ar' ? AR_WEEKDAYS : EN_WEEKDAYS)[d.weekday];
  const month = (lang === 'ar' ? AR_MONTH_NAMES : EN_MONTH_NAMES)[d.month - 1];
  if (d.dateInferred)
    return [weekday, `[${d.day} ${month} ${d.year}]`].filter((part) => part !== undefined).join(' ');
  return [weekday, d.day, month, d.yearInferred ? `[${d.year}]` : d.year]
    .filter((part) => part !== undefined)
    .join(' ');
}

/** A weekday's name, 0 for Sunday, in the question's language. */
export function weekdayName(weekday: number, lang: Language): string {
  return (lang === 'ar' ? AR_WEEKDAYS : EN_WEEKDAYS)[weekday]!;
}

/** Before a weekday, a word that makes it one: "يوم الاثنين", "ليلة الأحد", "صباح الجمعة". */
const DAY_TIMES: ReadonlySet<string> = new Set(
  ['يوم', 'ليلة', 'ليل', 'صباح', 'مساء', 'فجر', 'ظهر', 'عصر', 'أمس', 'الأمس', 'اليوم', 'منذ'].flatMap((w) => [
    normalize(w),
    normalize(`و${w}`),
  ]),
);
/** الأحد is also "anyone" and الاثنين "the two": they name a day only after a word of DAY_TIMES. */
const AMBIGUOUS_WEEKDAYS: ReadonlySet<number> = new Set([0, 1]);

/** A year stated on its own, where. */
export interface YearMention {
  year: number;
  start: number;
  end: number;
}

/**
 * Words after which a number of four figures is a year ("عام 2018", "منذ 2017", "وفي 2014"), normalised:
 * for the dates a passage states (yearsIn) and for the figures it does not (figuresIn in compose.ts).
 */
export const YEAR_CUES: ReadonlySet<string> = new Set(
  [
    'عام',
    'لعام',
    'سنة',
    'العام',
    'السنة',
    'منذ',
    'في',
    'خلال',
    'حتى',
    'مطلع',
    'أواخر',
    'نهاية',
    'بداية',
  ].flatMap((w) => [normalize(w), normalize(`و${w}`)]),
);

/**
 * The years a passage states without a month ("وفي عام 2018، … اتخذت قسد … القرية الخضراء", "منذ
 * 2017"): a number of four figures from MIN_YEAR to MAX_YEAR after a word that makes it a year, not
 * "2000 عنصر". A year that is part of a date datesIn reads ("آب 2014") is left to it (`dates`).
 */
export function yearsIn(text: string, dates: readonly DateMention[] = []): YearMention[] {
  if (!/\p{N}{4}/u.test(text)) return [];
  const tokens = [...text.matchAll(/\p{N}+|[\p{L}\p{M}]+/gu)];
  return tokens.flatMap((m, i) => {
    if (!/^\p{N}{4}$/u.test(m[0])) return [];
    const year = digits(m[0]);
    const before = tokens[i - 1];
    const [start, end] = [m.index, m.index + m[0].length];
    if (year < MIN_YEAR || year > MAX_YEAR || !before) return [];
    if (
      !YEAR_CUES.has(normalize(before[0])) ||
      !SPACES.test(text.slice(before.index + before[0].length, start))
    )
      return [];
    if (dates.some((d) => d.start < end && start < d.end)) return [];
    return [{ year, start, end }];
  });
}

/** A day of the week named in a text, where. */
export interface WeekdayMention {
  /** 0 for Sunday … 6 for Saturday. */
  weekday: number;
  start: number;
  end: number;
  /** Where «يوم» before it begins («يوم الاثنين»): a word of the day, not of what happened. */
  dayStart?: number;
}

/**
 * Whether the word at `start..end` stands between commas, or in brackets, as news sets off the day
 * it reports: «شنت هجوما بريا، الاثنين، على هجين», «(الاثنين)». الاثنين is then the day, not "the two".
 */
function setOff(text: string, start: number, end: number): boolean {
  const before = /[^\p{L}\p{M}\p{N}]*$/u.exec(text.slice(Math.max(0, start - 4), start))![0];
  const after = /^[^\p{L}\p{M}\p{N}]*/u.exec(text.slice(end, end + 4))![0];
  return (/[،,]/u.test(before) && /[،,.]/u.test(after)) || (before.includes('(') && after.includes(')'));
}

/** «يوم» before a weekday, or «ويوم». */
const DAY = new Set([normalize('يوم'), normalize('ويوم')]);

/** The Arabic weekdays `text` names (see weekdaysIn), each time it names one. */
function arabicWeekdays(text: string): WeekdayMention[] {
  const words = [...text.matchAll(/[\p{L}\p{M}]+/gu)].map((m) => ({
    word: normalize(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
  return words.flatMap(({ word, start, end }, i) => {
    const weekday = weekdayOf(word);
    if (weekday === undefined) return [];
    const before = words[i - 1];
    if (AMBIGUOUS_WEEKDAYS.has(weekday) && !DAY_TIMES.has(before?.word ?? '') && !setOff(text, start, end))
      return [];
    const day = before && DAY.has(before.word) && SPACES.test(text.slice(before.end, start));
    return [{ weekday, start, end, ...(day ? { dayStart: before.start } : {}) }];
  });
}

/**
 * The days of the week a passage names, in the order it first names them ("والأربعاء، أكدت التحالف",
 * "ليل الثلاثاء"), whether or not a date goes with them: an article dated only to its month says
 * «أول أمس الخميس», and the day of the week is then all a reader learns of when.
 */
export function weekdaysIn(text: string): number[] {
  return [...new Set(arabicWeekdays(text).map((m) => m.weekday))];
}

const EN_WEEKDAY = new RegExp(`\\b(?:${EN_WEEKDAYS.join('|')})\\b`, 'giu');

/**
 * The days of the week a question names without a date ("What happened on Monday?", «ماذا حدث يوم
 * الاثنين؟»); none when it names a date too ("Wednesday, January 5"), which questionDays reads whole.
 */
export function questionWeekdays(question: string, lang: Language): WeekdayMention[] {
  if (questionDays(question).length) return [];
  if (lang === 'ar') return arabicWeekdays(question);
  return [...question.matchAll(EN_WEEKDAY)].map((m) => ({
    weekday: EN_WEEKDAYS.findIndex((d) => d.toLowerCase() === m[0].toLowerCase()),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Whether a passage says something happened on `weekday`: it names the day ("ليل الثلاثاء"), states
 * a date that fell on it, or its article was published on it (what it says of «صباح اليوم»).
 */
export function statesWeekday(weekday: number, row: DatedText): boolean {
  const ref = referenceOf(row.published, row.publishedPrecision);
  return (ref !== undefined && dayOfWeek(ref) === weekday) || namesWeekday(weekday, row);
}

/** A passage's text and its article's date. */
type DatedText = { text: string; published: string | null; publishedPrecision: DatePrecision };

/**
 * Whether a passage's own words put something on `weekday`: they name the day, or a date that fell
 * on it, counted from its article's date where they say «أمس» or «اليوم». Not its article's date
 * alone: most passages of a Wednesday's article tell of the days before.
 */
export function namesWeekday(weekday: number, row: DatedText): boolean {
  if (weekdaysIn(row.text).includes(weekday)) return true;
  const ref = referenceOf(row.published, row.publishedPrecision);
  return datesIn(row.text, ref).some((d) => dayOfWeek(d) === weekday);
}

/** The day of the week a date fell on (0 for Sunday), when it gives its day, month and year. */
export function dayOfWeek(d: { day?: number; month?: number; year?: number }): number | undefined {
  if (d.day === undefined || d.month === undefined || d.year === undefined) return undefined;
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** A number in Western, Arabic-Indic or Persian digits. */
function digits(s: string): number {
  return Number(
    s.replace(/[\u0660-\u0669\u06f0-\u06f9]/gu, (c) => {
      const code = c.charCodeAt(0);
      return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    }),
  );
}
