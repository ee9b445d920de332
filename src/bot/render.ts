import type { Answer, ArticleSummary, Citation, CorpusInfo, SourceRef } from '../answer/types.js';
import type { DatePrecision, Language } from '../corpus/types.js';
import { formatDate } from '../answer/format.js';
import { messages } from './i18n.js';

/**
 * Pure rendering: answers, passages and lists → Telegram message parts in escaped HTML
 * (parse_mode HTML), so user and article text is never read as markup. No Telegram calls here.
 */

/** Styled run of text; the whole message is a flat list of these (newlines live in `text`). */
export interface Span {
  text: string;
  style?: 'b' | 'i' | 'quote';
  href?: string;
}

/** One message to send: `html` for Telegram, `text` the same content as the person sees it. */
export interface Part {
  html: string;
  text: string;
}

/** Telegram allows 4096 characters; HTML source is never shorter than what is shown, so this is safe. */
export const MAX_PART_CHARS = 4000;

const RLM = '\u200F';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const AR = '\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF';
// An Arabic run: Arabic letters, and spaces, digits or punctuation between them.
const ARABIC_RUN = new RegExp(`[${AR}]+(?:[\\s\\d\\p{P}]+[${AR}]+)*`, 'gu');

/**
 * Wrap Arabic runs inside left-to-right text in RLI…PDI so each reads right to left, in place.
 * Text that already carries isolates (the answer core may add them) is left as it is.
 */
export function isolateArabic(text: string): string {
  if (/[\u2066-\u2069]/.test(text)) return text;
  return text.replace(ARABIC_RUN, (run) => `${RLI}${run}${PDI}`);
}

/** Isolate a field of unknown direction (a source name, a title) from its surroundings. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/** Builds a message line by line; Arabic messages start each line with RLM so it aligns right. */
class Doc {
  readonly spans: Span[] = [];
  private started = false;
  constructor(readonly lang: Language) {}

  /** Text from the outside world: escaped later; Arabic runs isolated inside English messages. */
  free(text: string): string {
    return this.lang === 'en' ? isolateArabic(text) : text;
  }

  line(...spans: (Span | string)[]): this {
    const lead = (this.started ? '\n' : '') + (this.lang === 'ar' ? RLM : '');
    this.spans.push({ text: lead });
    for (const s of spans) this.spans.push(typeof s === 'string' ? { text: s } : s);
    this.started = true;
    return this;
  }

  blank(): this {
    if (this.started) this.spans.push({ text: '\n' });
    return this;
  }

  parts(limit = MAX_PART_CHARS): Part[] {
    return splitSpans(this.spans, limit);
  }
}

/** The fields of a citation the renderer needs; both `Citation` and logged citations have them. */
export type CitationView = Pick<
  Citation,
  'n' | 'title' | 'source' | 'published' | 'publishedPrecision' | 'url' | 'text'
> & { alsoIn: SourceRef[] };

function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\/\S+$/i.test(url) ? url : undefined;
}

function sourceSpans(
  doc: Doc,
  c: {
    source: string | null;
    published: string | null;
    publishedPrecision: DatePrecision;
    url: string | null;
  },
): Span[] {
  const t = messages(doc.lang);
  const name = isolate(c.source ?? t.unknownSource);
  const href = safeUrl(c.url);
  return [
    href ? { text: name, href } : { text: name },
    { text: `${doc.lang === 'ar' ? '،' : ','} ${formatDate(c.published, c.publishedPrecision, doc.lang)}` },
  ];
}

function alsoInText(doc: Doc, also: SourceRef[]): string {
  const t = messages(doc.lang);
  const items = also.map(
    (a) =>
      `${isolate(a.source ?? t.unknownSource)} (${formatDate(a.published, a.publishedPrecision, doc.lang)})`,
  );
  return `${t.alsoIn}: ${items.join(doc.lang === 'ar' ? '، ' : ', ')}`;
}

function citationLine(doc: Doc, c: CitationView): (Span | string)[] {
  const title = c.title ? [{ text: isolate(c.title), style: 'i' as const }, ' — '] : [];
  return [`[${c.n}] `, ...title, ...sourceSpans(doc, c)];
}

/**
 * How much of the question an answer follows up on is shown above it. A follow-up carries up to two
 * questions' worth (1,000 characters by default), and a colleague's report or a channel's post
 * replied to is as long: shown whole, it stood above the answer longer than the answer itself.
 */
export const FOLLOWS_SHOWN_CHARS = 200;

/** `text` cut to at most `max` characters at a space, marked with an ellipsis when cut. */
function shortened(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.search(/\s\S*$/);
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** An answer as message parts: the answer text, then numbered citation lines with source and date. */
export function renderAnswer(answer: Answer, limit = MAX_PART_CHARS): Part[] {
  const doc = new Doc(answer.language);
  const t = messages(answer.language);
  if (answer.follows) {
    // The earlier question may be in the other language: isolated, an English one inside an Arabic
    // line kept its question mark and closing quote, which otherwise jumped to its other end.
    // Each line on its own: a line break ends an isolate.
    const follows = shortened(answer.follows, FOLLOWS_SHOWN_CHARS).split('\n').map(isolate).join('\n');
    doc.line({ text: `${t.followsUp} «${follows}»`, style: 'i' }).blank();
  }
  const paragraphs = answer.text.split(/\n{2,}/).filter((p) => p.trim() !== '');
  paragraphs.forEach((p, i) => {
    if (i > 0) doc.blank();
    doc.line(doc.free(p));
  });
  if (!answer.abstained && answer.citations.length > 0) {
    doc.blank().line({ text: t.sourcesHeading, style: 'b' });
    for (const c of answer.citations) {
      doc.line(...citationLine(doc, c));
      if (c.alsoIn.length > 0) doc.line({ text: `   ${alsoInText(doc, c.alsoIn)}`, style: 'i' });
    }
  }
  return doc.parts(limit);
}

/** The full cited passages, verbatim, each under its number, source and date. */
export function renderSources(citations: CitationView[], lang: Language, limit = MAX_PART_CHARS): Part[] {
  const doc = new Doc(lang);
  const t = messages(lang);
  doc.line({ text: t.sourcesFor(citations.length), style: 'b' });
  for (const c of citations) {
    doc.blank().line(...citationLine(doc, c));
    // The passage is its own paragraph, so its direction comes from its own (Arabic) text.
    doc.spans.push({ text: '\n' }, { text: c.text, style: 'quote' });
    if (c.alsoIn.length > 0) doc.line({ text: alsoInText(doc, c.alsoIn), style: 'i' });
  }
  return doc.parts(limit);
}

export function renderArticleList(
  articles: ArticleSummary[],
  total: number,
  lang: Language,
  limit = MAX_PART_CHARS,
): Part[] {
  const doc = new Doc(lang);
  const t = messages(lang);
  if (articles.length === 0) return doc.line(t.noArticles).parts(limit);
  doc.line({ text: t.articlesHeading(articles.length, total), style: 'b' });
  articles.forEach((a, i) => {
    const title = a.title ? [{ text: isolate(a.title), style: 'i' as const }, ' — '] : [];
    doc.line(`${i + 1}. `, ...title, ...sourceSpans(doc, a));
  });
  return doc.parts(limit);
}

/**
 * A date as precisely as its shape says ("2022", "2022-01", "2022-01-05", a date-time: to the day),
 * with the first and last day it may be (YYYY-MM-DD; a month's last is its 31st, as text compares).
 */
function dateSpan(
  d: string | null,
): { date: string; precision: DatePrecision; first: string; last: string } | null {
  const m = d?.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (!d || !m) return null;
  const [, y, mo, day] = m;
  if (mo && day) return { date: d, precision: 'day', first: `${y}-${mo}-${day}`, last: `${y}-${mo}-${day}` };
  if (mo) return { date: d, precision: 'month', first: `${y}-${mo}-01`, last: `${y}-${mo}-31` };
  return { date: d, precision: 'year', first: `${y}-01-01`, last: `${y}-12-31` };
}

/**
 * The corpus's dates, from its earliest to its latest article's. One date that contains the other
 * is shown alone: an article dated only to January 2022 and one of 5 January 2022 are all from
 * "Jan 2022", where "Jan 2022 – 5 Jan 2022" read as a range that ends inside where it starts.
 */
export function renderDateRange(earliest: string | null, latest: string | null, lang: Language): string {
  const [from, to] = [dateSpan(earliest), dateSpan(latest)];
  const show = (s: NonNullable<typeof from>) => formatDate(s.date, s.precision, lang);
  const one = from ?? to;
  if (!from || !to) return one ? show(one) : messages(lang).dateUnknown;
  if (from.first <= to.first && to.last <= from.last) return show(from);
  if (to.first <= from.first && from.last <= to.last) return show(to);
  return `${show(from)} – ${show(to)}`;
}

export function renderAbout(info: CorpusInfo, lang: Language, limit = MAX_PART_CHARS): Part[] {
  const doc = new Doc(lang);
  const lines = messages(lang).about({
    articles: info.articles,
    passages: info.passages,
    range: renderDateRange(info.earliest, info.latest, lang),
    embedder: isolate(info.embedderId),
    index: isolate(info.indexVersion),
    // One date: a range from it to itself is shown as it alone.
    built: renderDateRange(info.builtAt, info.builtAt, lang),
  });
  for (const l of lines) doc.line(l);
  return doc.parts(limit);
}

/** Plain paragraphs (help, notices) as parts. */
export function renderParagraphs(paragraphs: string[], lang: Language, limit = MAX_PART_CHARS): Part[] {
  const doc = new Doc(lang);
  paragraphs.forEach((p, i) => {
    if (i > 0) doc.blank();
    doc.line(p);
  });
  return doc.parts(limit);
}

/** Help with example questions, in the person's language. */
export function renderHelp(lang: Language, botUsername: string, maxChars: number): Part[] {
  const t = messages(lang);
  const doc = new Doc(lang);
  t.help(botUsername, maxChars).forEach((p, i) => {
    if (i > 0) doc.blank();
    doc.line(p);
  });
  doc.blank().line({ text: lang === 'ar' ? 'أمثلة:' : 'Examples:', style: 'b' });
  for (const q of t.examples) doc.line(`• ${q}`);
  return doc.parts();
}

/** The reply to a greeting or thanks: an invitation and the example questions. */
export function renderIntro(lang: Language): Part[] {
  const t = messages(lang);
  const doc = new Doc(lang);
  doc.line(t.smallTalk);
  for (const q of t.examples) doc.line(`• ${q}`);
  return doc.parts();
}

// ---------- splitting ----------

function openTag(s: Span): string {
  const a = s.href ? `<a href="${escapeHtml(s.href)}">` : '';
  const st = s.style === 'quote' ? '<blockquote>' : s.style ? `<${s.style}>` : '';
  return st + a;
}

function closeTag(s: Span): string {
  const a = s.href ? '</a>' : '';
  const st = s.style === 'quote' ? '</blockquote>' : s.style ? `</${s.style}>` : '';
  return a + st;
}

interface Run extends Span {
  start: number;
  end: number;
}

function htmlOf(runs: Run[], full: string, s: number, e: number): string {
  let out = '';
  for (const r of runs) {
    if (r.end <= s || r.start >= e) continue;
    const text = full.slice(Math.max(s, r.start), Math.min(e, r.end));
    if (text === '') continue;
    out += r.style || r.href ? openTag(r) + escapeHtml(text) + closeTag(r) : escapeHtml(text);
  }
  return out;
}

function lastMatch(
  text: string,
  re: RegExp,
  from: number,
  to: number,
  allowed: (p: number) => boolean = () => true,
): number {
  let best = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const p = m.index + (m[1]?.length ?? 0);
    if (p > from && p <= to && allowed(p)) best = p;
    if (m.index > to) break;
  }
  return best;
}

const isWs = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * Split styled text into parts whose HTML stays within `limit`, breaking at the last paragraph
 * break that fits outside a quoted passage, else the last paragraph break, else the last line
 * break, else the end of a sentence, else a space. A quote cut at its own paragraph break left the
 * next message opening on the rest of a passage without the number and source above it. A break in
 * the first half of a part is taken only if what follows it then fits in one message (see `worth`).
 * Text is escaped after it is cut and each part opens and closes its own tags, so a cut never falls
 * inside a tag or an entity.
 */
export function splitSpans(spans: Span[], limit = MAX_PART_CHARS): Part[] {
  const runs: Run[] = [];
  let full = '';
  for (const s of spans) {
    runs.push({ ...s, start: full.length, end: full.length + s.text.length });
    full += s.text;
  }
  const parts: Part[] = [];
  let s = 0;
  const n = full.length;
  while (s < n) {
    while (s < n && isWs(full[s])) s++;
    if (s >= n) break;
    let e: number;
    if (htmlOf(runs, full, s, n).length <= limit) {
      e = n;
    } else {
      // Largest end whose HTML fits (HTML length grows with the end).
      let lo = s + 1;
      let hi = n;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (htmlOf(runs, full, s, mid).length <= limit) lo = mid;
        else hi = mid - 1;
      }
      const fit = lo;
      const outsideQuotes = (p: number) => !runs.some((r) => r.style === 'quote' && r.start < p && p < r.end);
      // A break keeps what follows it whole when that fits in a message of its own, up to the next
      // break outside quoted passages. Before a block that will be split anyway (a cited passage
      // longer than a message), a break early in the part only wasted a message: the heading, then
      // the passage's number and source, each went out alone above the passage's first part.
      const blockEnd = (p: number) => {
        const next = /\n\s*\n/g;
        next.lastIndex = p + 1;
        for (let m = next.exec(full); m; m = next.exec(full)) if (outsideQuotes(m.index)) return m.index;
        return n;
      };
      const worth = (p: number) =>
        p - s >= (fit - s) / 2 || htmlOf(runs, full, p, blockEnd(p)).length <= limit;
      e =
        [
          lastMatch(full, /\n\s*\n/g, s, fit, (p) => outsideQuotes(p) && worth(p)),
          lastMatch(full, /\n\s*\n/g, s, fit, worth),
          lastMatch(full, /\n/g, s, fit, worth),
          lastMatch(full, /([.!?؟…。])\s/g, s, fit),
          lastMatch(full, /\s/g, s, fit),
        ].find((p) => p > s) ?? fit;
      // Never cut a surrogate pair in two.
      const code = full.charCodeAt(e - 1);
      if (e < n && code >= 0xd800 && code <= 0xdbff && e - 1 > s) e--;
    }
    let end = e;
    while (end > s && isWs(full[end - 1])) end--;
    parts.push({ html: htmlOf(runs, full, s, end), text: full.slice(s, end) });
    s = e;
  }
  return parts;
}
