import type { DatePrecision, Language } from '../corpus/types.js';
import { detectLanguage } from '../text/language.js';
import {
  askedAs,
  type AnswerRecord,
  type AskedAs,
  type LoggedCitation,
  type ReviewEvent,
  type ReviewState,
} from '../log/index.js';
import { html, raw, type SafeHtml } from './html.js';
import type { Bilingual } from './messages.js';
import { ANSWER_START_CHARS, filterParams, filtering, type Filters, type QueueRow } from './query.js';

/** The verdicts a moderator can give ("Return to unreviewed" takes one back: see detailPage). */
export const VERDICTS = ['correct', 'incorrect', 'article_missing'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Interface text in both languages, so every moderator can read the page. */
const both = (en: string, ar: string) => html`${en} <span class="ar" lang="ar" dir="rtl">${ar}</span>`;

/**
 * The same where no markup can go (the page's <title>, an <option>): the Arabic set apart in a
 * right-to-left isolate (U+2067 … U+2069), as `both` sets it in a dir="rtl" span, so that neither
 * language's direction spills into the other's words, numbers or punctuation. Escaped where it is used.
 */
export const bothText = (en: string, ar: string) => `${en} / \u2067${ar}\u2069`;

/** Each review state's name, in English and Arabic. */
export const STATE_LABEL: Record<ReviewState, [string, string]> = {
  unreviewed: ['Unreviewed', 'لم تُراجَع'],
  correct: ['Correct', 'صحيحة'],
  incorrect: ['Incorrect', 'خاطئة'],
  article_missing: ['Article missing', 'المقال غير موجود'],
};

/** A question sent on behalf of a chat: its rating is an admin's, not necessarily the asker's. */
export const ASKED_AS_LABEL: Record<Exclude<AskedAs, 'person'>, [string, string]> = {
  group: [
    'the group itself (an anonymous admin); its admins rate the answer',
    'المجموعة نفسها (مشرف مجهول الهوية)؛ يقيّم مشرفوها الإجابة',
  ],
  channel: ['a channel; the group’s admins rate the answer', 'قناة؛ يقيّم مشرفو المجموعة الإجابة'],
};

/** The language a question was asked in, as the filter's choices name it. */
export const LANGUAGE_LABEL: Record<Language, [string, string]> = {
  ar: ['Arabic', 'العربية'],
  en: ['English', 'الإنجليزية'],
};

/** The kinds of Telegram chat a question can come from (Chat.type); any other is shown as logged. */
export const CHAT_LABEL: Record<string, [string, string]> = {
  private: ['private chat', 'محادثة خاصة'],
  group: ['group', 'مجموعة'],
  supergroup: ['supergroup', 'مجموعة كبرى'],
  channel: ['channel', 'قناة'],
};

/** How precisely an article's publication date is known, beside the date. */
export const PRECISION_LABEL: Record<DatePrecision, [string, string]> = {
  day: ['to the day', 'باليوم'],
  month: ['to the month', 'بالشهر'],
  year: ['to the year', 'بالسنة'],
  unknown: ['not known', 'غير معروف'],
};

/** A rating a user gave an answer (the bot's 👎/👍 buttons), in English and Arabic. */
export const FEEDBACK_LABEL: Record<'down' | 'up', [string, string]> = {
  down: ['👎 down', 'سلبي'],
  up: ['👍 up', 'إيجابي'],
};

const stateLabel = (s: ReviewState) => html`<span class="state state-${s}">${both(...STATE_LABEL[s])}</span>`;

/** The rating an answer was given, beside it in the queue and on its page. */
function feedbackLabel(f: AnswerRecord['feedback']): SafeHtml {
  if (f === 'down' || f === 'up') return html`<span class="fb-${f}">${both(...FEEDBACK_LABEL[f])}</span>`;
  return html`<span class="muted">—</span>`;
}

/**
 * That a rating was changed (👍, then 👎), from what and when that was given, under the rating: a
 * person who changed their mind (or, for a question asked as a chat, an admin who overrode another)
 * says something the last rating alone does not.
 */
function feedbackChange(a: Pick<AnswerRecord, 'feedbackWas' | 'feedbackWasAt'>): SafeHtml | '' {
  if (a.feedbackWas === null) return '';
  const [en, ar] = FEEDBACK_LABEL[a.feedbackWas];
  const at = when(a.feedbackWasAt);
  return html`<br /><span class="muted feedback-was"
      >${both(`Changed from ${en}, given ${at}`, `غُيِّر من تقييم ${ar} أُعطي في \u2066${at}\u2069`)}</span
    >`;
}

/** Attributes for text in a known language; `auto` lets the browser pick the direction. */
function dirOf(lang: Language | null): SafeHtml {
  return lang === 'ar'
    ? raw('dir="rtl" lang="ar"')
    : lang === 'en'
      ? raw('dir="ltr" lang="en"')
      : raw('dir="auto"');
}

const AR = '\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF';
/** An Arabic run: Arabic letters, and spaces, digits or punctuation between them (as the bot isolates them). */
const ARABIC_RUN = new RegExp(`[${AR}]+(?:[\\s\\d\\p{P}]+[${AR}]+)*`, 'gu');

/**
 * Logged text in `lang`, with, in English text, each Arabic run (a quoted passage, a place's name)
 * marked lang="ar" dir="rtl": a screen reader would otherwise read it out in the English voice. The
 * text is unchanged (the bot's isolates around each run stay).
 */
function inLanguage(text: string, lang: Language): SafeHtml {
  if (lang === 'ar') return html`${text}`;
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const m of text.matchAll(ARABIC_RUN)) {
    parts.push(html`${text.slice(at, m.index)}<span lang="ar" dir="rtl">${m[0]}</span>`);
    at = m.index + m[0].length;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}

/** An Arabic or Latin letter. */
const LETTER = /[\p{Script=Arabic}\p{Script=Latin}](?<=\p{L})/u;

/**
 * Attributes for text whose language was not logged (an article, its title and outlet, a moderator's
 * note): the direction from its first strong letter, as before, and its language from its letters
 * (detectLanguage), so that a screen reader speaks it (and a font shapes it) as Arabic inside this
 * page, which is lang="en". Without Arabic or Latin letters, no language is claimed.
 */
function autoDir(text: string | null | undefined): SafeHtml {
  if (!text || !LETTER.test(text)) return raw('dir="auto"');
  return raw(`dir="auto" lang="${detectLanguage(text)}"`);
}

const score = (n: number | null, digits = 3) => (n === null ? '—' : n.toFixed(digits));
/** A logged time as the page shows it: "2024-06-10 13:00:00Z" for "2024-06-10T13:00:00.000Z". */
export const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

const STYLE = raw(`
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,"DejaVu Sans","Noto Sans Arabic",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.6rem 1.2rem;background:#1d2330;color:#fff}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{display:inline}
main{padding:1rem 1.2rem;max-width:1200px;margin:auto}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.ar{font-size:.92em;color:#555}
header .ar{color:#c9cfdb}
.muted{color:#777}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e2e5ea;padding:.35rem .5rem;text-align:start;vertical-align:top}
th{background:#eef0f4;font-weight:600;font-size:.9em}
td.q{max-width:22rem}
td.a{max-width:28rem;color:#444}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;background:#fff;padding:.8rem;border:1px solid #e2e5ea;margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;font-size:.85em;gap:.15rem}
input,select,textarea,button{font:inherit}
button{padding:.3rem .9rem;border:1px solid #1d2330;background:#1d2330;color:#fff;border-radius:3px;cursor:pointer}
.links{display:flex;gap:1rem;margin:.6rem 0}
.box{background:#fff;border:1px solid #e2e5ea;padding:.8rem;margin:.4rem 0}
pre.answer{white-space:pre-wrap;font:inherit;margin:0}
mark{background:#ffe066;padding:0 .1em}
.article{white-space:pre-wrap;max-height:24rem;overflow:auto}
.note{color:#8a4b00;font-size:.9em}
.review-note,td.note-text{white-space:pre-wrap}
.scroll{overflow-x:auto}
.error{background:#fde8e8;border:1px solid #e0a0a0;padding:.6rem .8rem}
.saved{background:#e5f6e8;border:1px solid #9fd3a8;padding:.6rem .8rem}
.state{white-space:nowrap}
.state-correct{color:#17692c}.state-incorrect{color:#a01818}.state-article_missing{color:#8a4b00}
.fb-down{color:#a01818;white-space:nowrap}.fb-up{color:#17692c;white-space:nowrap}
td .undelivered{color:#a01818;font-size:.9em}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:0}
dl.meta dd,.box,.review-note,td.note-text,.follows{overflow-wrap:anywhere}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
fieldset{border:1px solid #e2e5ea;background:#fff}
textarea{max-width:100%}
.cell-label{display:none}
@media (max-width:40rem){main{padding:.8rem .6rem}dl.meta{grid-template-columns:minmax(0,1fr)}dl.meta dd{margin-bottom:.4rem}}
@media (max-width:40rem){
table.queue thead{display:none}
table.queue tr{display:block;padding:.4rem .1rem;border-bottom:1px solid #e2e5ea}
table.queue td{display:inline-block;border:0;padding:.1rem .4rem;max-width:none}
table.queue td.q,table.queue td.a{display:block}
table.queue td:empty{display:none}
table.queue .cell-label{display:inline}
table.audit thead{display:none}
table.audit tr{display:block;padding:.4rem .1rem;border-bottom:1px solid #e2e5ea}
table.audit td{display:inline-block;border:0;padding:.1rem .4rem}
table.audit td.note-text{display:block}
table.audit td:empty{display:none}
}
.pager{display:flex;gap:1rem;margin:1rem 0}
.skip{position:absolute;inset-inline-start:.5rem;top:-10rem;padding:.4rem .8rem;background:#fff;color:#1d2330;border:2px solid #1d2330;z-index:1}
.skip:focus{top:.5rem}
#answers:focus{outline:2px solid #1d2330;outline-offset:2px}
form.unreview{margin-top:.8rem;padding-top:.6rem;border-top:1px solid #e2e5ea}
form.unreview button{background:#fff;color:#1d2330}
`);

export interface PageContext {
  moderator: string | null;
  csrf: string | null;
}

/**
 * `title` names the page, in the browser's tab too: in both languages, as the page itself. `skip`: a
 * link first on the page, for the keyboard, past the header and the forms to what the page is for
 * (the queue's answers), shown only while it has the keyboard.
 */
export function layout(
  ctx: PageContext,
  title: Bilingual,
  body: SafeHtml,
  skip?: { href: string; label: Bilingual },
): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${bothText(`${title.en} — answer review`, `${title.ar} — مراجعة الإجابات`)}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        ${skip ? html`<a class="skip" href="${skip.href}">${both(skip.label.en, skip.label.ar)}</a>` : ''}
        <header>
          <a href="/">${both('Answer review', 'مراجعة الإجابات')}</a>
          ${
            ctx.moderator && ctx.csrf
              ? html`<span
                  >${ctx.moderator}
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value="${ctx.csrf}" /><button type="submit">
                      ${both('Log out', 'خروج')}
                    </button>
                  </form></span
                >`
              : ''
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

/** A review a moderator wrote but that was not saved, to be offered again. */
export interface Draft {
  answerId: number;
  state: string;
  note: string;
}

/**
 * A Draft shown in an answer's form instead of the saved review, with why it is not saved. One whose
 * state is 'unreviewed' is a take-back: its note (the reason) goes in the "Return to unreviewed" form,
 * and the verdict form keeps the saved review.
 */
export type Offered = Omit<Draft, 'answerId'> & { why: Bilingual };

export function loginPage(opts: {
  csrf: string;
  next: string;
  error?: Bilingual;
  name?: string;
  draft?: Draft;
}): SafeHtml {
  const d = opts.draft;
  return layout(
    { moderator: null, csrf: null },
    { en: 'Log in', ar: 'دخول' },
    html`<h1>${both('Moderator login', 'دخول المشرفين')}</h1>
      ${opts.error ? html`<p class="error" role="alert">${both(opts.error.en, opts.error.ar)}</p>` : ''}
      <form method="post" action="/login" class="box" style="max-width:26rem">
        <input type="hidden" name="_csrf" value="${opts.csrf}" />
        <input type="hidden" name="next" value="${opts.next}" />
        ${
          d
            ? html`<input type="hidden" name="draft_answer" value="${String(d.answerId)}" />
                <input type="hidden" name="draft_state" value="${d.state}" />
                <input type="hidden" name="draft_note" value="${d.note}" />`
            : ''
        }
        <p>
          <label
            >${both('Name', 'الاسم')}<br /><input
              name="name"
              autocomplete="username"
              required
              value="${opts.name ?? ''}"
          /></label>
        </p>
        <p>
          <label
            >${both('Token', 'الرمز')}<br /><input
              name="token"
              type="password"
              autocomplete="current-password"
              required
          /></label>
        </p>
        <button type="submit">${both('Log in', 'دخول')}</button>
      </form>`,
  );
}

export function errorPage(ctx: PageContext, title: Bilingual, message: Bilingual): SafeHtml {
  return layout(
    ctx,
    title,
    html`<h1>${both(title.en, title.ar)}</h1>
      <p class="error" role="alert">${both(message.en, message.ar)}</p>
      <p><a href="/">← ${both('Queue', 'القائمة')}</a></p>`,
  );
}

/** A choice of a filter, labelled in both languages (as text: an <option> holds no markup). */
function option(value: string, current: string | undefined, en: string, ar: string): SafeHtml {
  const label = bothText(en, ar);
  return html`<option value="${value}" ${current === value ? raw(' selected') : ''}>${label}</option>`;
}

/** The queue's two orders, as the filters' list and the page's heading name them. */
const ORDER_LABEL = {
  newest: ['newest first', 'الأحدث أولًا'],
  oldest: ['oldest first', 'الأقدم أولًا'],
} as const;

/** The choice of no filter, in every list. */
const ANY = ['any', 'الكل'] as const;

const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? '1' : '0');

function filterForm(f: Filters): SafeHtml {
  const abst = yesNo(f.abstained);
  const undelivered = yesNo(f.undelivered);
  return html`<form
    method="get"
    action="/"
    class="filters"
    aria-label="${bothText('Filters', 'عوامل التصفية')}"
  >
    ${f.chat === undefined ? '' : html`<input type="hidden" name="chat" value="${String(f.chat)}" />`}
    <label
      >${both('Feedback', 'التقييم')}<select name="feedback">
        ${option('', f.feedback, ...ANY)}${option('down', f.feedback, ...FEEDBACK_LABEL.down)}${option('up', f.feedback, ...FEEDBACK_LABEL.up)}${option('none', f.feedback, 'none', 'بلا تقييم')}
      </select></label
    >
    <label
      >${both('Abstained', 'امتنع')}<select name="abstained">
        ${option('', abst, ...ANY)}${option('1', abst, 'yes', 'نعم')}${option('0', abst, 'no', 'لا')}
      </select></label
    >
    <label
      >${both('Top score ≤', 'أعلى درجة ≤')}<input
        name="maxScore"
        type="number"
        step="0.01"
        min="0"
        value="${f.maxScore ?? ''}"
        style="width:6rem"
    /></label>
    <label
      >${both('Language', 'اللغة')}<select name="lang">
        ${option('', f.lang, ...ANY)}${option('ar', f.lang, ...LANGUAGE_LABEL.ar)}${option('en', f.lang, ...LANGUAGE_LABEL.en)}
      </select></label
    >
    <label
      >${both('Not delivered', 'لم تُسلَّم')}<select name="undelivered">
        ${option('', undelivered, ...ANY)}${option('1', undelivered, 'yes', 'نعم')}${option('0', undelivered, 'no', 'لا')}
      </select></label
    >
    <label>${both('From (UTC)', 'من')}<input name="from" type="date" value="${f.from ?? ''}" /></label>
    <label>${both('To (UTC)', 'إلى')}<input name="to" type="date" value="${f.to ?? ''}" /></label>
    <label
      >${both('Review', 'المراجعة')}<select name="state">
        ${option('', f.state, ...ANY)}${(['unreviewed', 'correct', 'incorrect', 'article_missing'] as const).map((s) => option(s, f.state, ...STATE_LABEL[s]))}
      </select></label
    >
    <label>${both('Search', 'بحث')}<input name="q" type="search" value="${f.q ?? ''}" dir="auto" /></label>
    <label
      >${both('Order', 'الترتيب')}<select name="order">
        ${option('', f.order, ...ORDER_LABEL.newest)}${option('oldest', f.order, ...ORDER_LABEL.oldest)}
      </select></label
    >
    <button type="submit">${both('Filter', 'تصفية')}</button>
    <a href="/">${both('Clear', 'مسح')}</a>
  </form>`;
}

const withQuery = (base: string, params: URLSearchParams) => {
  const s = params.toString();
  return s ? `${base}?${s}` : base;
};

export function queuePage(
  ctx: PageContext,
  filters: Filters,
  page: number,
  result: { rows: QueueRow[]; hasMore: boolean },
  error?: Bilingual,
): SafeHtml {
  const keep = filterParams(filters, page);
  // The number and the question link to the same page: only the question is a stop of the Tab key,
  // so that going down the queue by keyboard takes one press an answer, not two.
  const rows = result.rows.map((r) => {
    const question = inLanguage(clip(r.question), r.language);
    return html`<tr>
      <td><a href="${withQuery(`/answers/${r.id}`, keep)}" tabindex="-1">#${r.id}</a></td>
      <td class="muted">${when(r.createdAt)}</td>
      <td>${both(...LANGUAGE_LABEL[r.language])}</td>
      <td class="q">
        <a href="${withQuery(`/answers/${r.id}`, keep)}" ${dirOf(r.language)}>${question}</a>
      </td>
      <td class="a">
        <span ${dirOf(r.language)}
          >${inLanguage(r.answerStart, r.language)}${r.answerStart.length >= ANSWER_START_CHARS ? '…' : ''}</span
        >${r.undelivered ? html`<br /><span class="undelivered">${both('Not delivered', 'لم تُسلَّم')}</span>` : ''}
      </td>
      <td>${feedbackLabel(r.feedback)}</td>
      <td>${r.abstained ? html`${cellLabel('Abstained', 'امتنع')}${both('yes', 'نعم')}` : ''}</td>
      <td>${cellLabel('Score', 'الدرجة')}${score(r.topScore)}</td>
      <td>
        ${stateLabel(r.reviewState)}${r.reviewedBy ? html`<br /><span class="muted">${r.reviewedBy}</span>` : ''}
      </td>
    </tr>`;
  });
  const exportParams = filterParams(filters);
  const order = filters.order ?? 'newest';
  return layout(
    ctx,
    { en: 'Queue', ar: 'القائمة' },
    html`<h1>${both(`Answers, ${ORDER_LABEL[order][0]}`, `الإجابات، ${ORDER_LABEL[order][1]}`)}</h1>
      ${
        filters.chat === undefined
          ? ''
          : html`<p class="box chat-filter">
              ${both(`Only the answers of one chat: that of answer #${filters.chat}.`, `إجابات محادثة واحدة فقط: محادثة الإجابة #${filters.chat}.`)}
              <a href="${withQuery('/', filterParams({ ...filters, chat: undefined }))}"
                >${both('All chats', 'كل المحادثات')}</a
              >
            </p>`
      }
      ${filterForm(filters)}
      ${error ? html`<p class="error" role="alert">${both(error.en, error.ar)}</p>` : ''}
      <div class="links">
        <a href="${withQuery('/', filterParams({ ...filters, feedback: 'down' }))}"
          >${both('👎 Rated down only', 'المقيَّمة سلبيًا فقط')}</a
        >
        <a href="${withQuery('/export.csv', exportParams)}">${both('Export CSV', 'تصدير CSV')}</a>
        <a href="${withQuery('/export.jsonl', exportParams)}">${both('Export JSONL', 'تصدير JSONL')}</a>
      </div>
      ${
        result.rows.length === 0
          ? html`<p class="box" id="answers" tabindex="-1">${emptyQueue(filters, page)}</p>`
          : html`<div class="scroll" id="answers" tabindex="-1">
              <table class="queue">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>${both('Time', 'الوقت')}</th>
                    <th>${both('Lang', 'اللغة')}</th>
                    <th>${both('Question', 'السؤال')}</th>
                    <th>${both('Answer', 'الإجابة')}</th>
                    <th>${both('Feedback', 'التقييم')}</th>
                    <th>${both('Abstained', 'امتنع')}</th>
                    <th>${both('Score', 'الدرجة')}</th>
                    <th>${both('Review', 'المراجعة')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
      }
      ${pager(filters, page, result.hasMore)}`,
    { href: '#answers', label: { en: 'Skip to the answers', ar: 'انتقل إلى الإجابات' } },
  );
}

/**
 * The links between the queue's pages. Besides the page before and after, its two ends: the first
 * page, and the other end, which is the first page of the other order (the pages are counted from
 * where the view starts, so the last one is not known without counting every match; the oldest
 * answers, oldest first, are what a moderator looks for there).
 */
function pager(filters: Filters, page: number, hasMore: boolean): SafeHtml {
  const oldest = filters.order === 'oldest';
  const at = (p: number, f: Filters = filters) => withQuery('/', filterParams(f, p));
  const { order: _order, ...rest } = filters;
  const flipped: Filters = oldest ? rest : { ...rest, order: 'oldest' };
  const newer: [string, string] = ['Newer', 'أحدث'];
  const older: [string, string] = ['Older', 'أقدم'];
  const [toward, away] = oldest ? [older, newer] : [newer, older];
  const [start, end] = oldest ? [ORDER_END.oldest, ORDER_END.newest] : [ORDER_END.newest, ORDER_END.oldest];
  return html`<nav class="pager" aria-label="${bothText('Pages', 'الصفحات')}">
    ${page > 1 ? html`<a href="${at(1)}" rel="first">⇤ ${both(...start)}</a><a href="${at(page - 1)}" rel="prev">← ${both(...toward)}</a>` : ''}
    <span class="muted">${both('Page', 'صفحة')} ${page}</span>
    ${hasMore ? html`<a href="${at(page + 1)}" rel="next">${both(...away)} →</a><a href="${at(1, flipped)}" rel="last">${both(...end)} ⇥</a>` : ''}
  </nav>`;
}

/** The two ends of the queue, as the pager links to them. */
const ORDER_END: Record<'newest' | 'oldest', [string, string]> = {
  newest: ['Newest', 'الأحدث'],
  oldest: ['Oldest', 'الأقدم'],
};

/**
 * A column's name inside a queue cell whose value alone does not say what it is (a score, "yes"),
 * shown only where the queue's rows are cards without the table's header: on a phone's width.
 */
const cellLabel = (en: string, ar: string) => html`<span class="cell-label">${both(en, ar)}: </span>`;

/** A queue row shows this much of a long question. */
const QUESTION_CHARS = 200;
const clip = (text: string) => (text.length > QUESTION_CHARS ? `${text.slice(0, QUESTION_CHARS)}…` : text);

/** Why the queue shows no rows: past the last page, no match, or nothing logged yet. */
function emptyQueue(filters: Filters, page: number): SafeHtml {
  if (page > 1) {
    return html`${both('No answers on this page.', 'لا إجابات في هذه الصفحة.')}
      <a href="${withQuery('/', filterParams(filters))}">${both('First page', 'الصفحة الأولى')}</a>`;
  }
  return filtering(filters)
    ? both('No answers match these filters.', 'لا توجد إجابات مطابقة.')
    : both('The answer log holds no answers yet.', 'لا يحوي سجل الإجابات أي إجابة بعد.');
}

/** An article's text with the cited passage marked, or the passage alone with the reason. */
export function passageInArticle(
  article: string | null,
  c: Pick<LoggedCitation, 'start' | 'end' | 'text'>,
  context = 400,
): { excerpt: SafeHtml; full: SafeHtml | null; note: Bilingual | null } {
  const alone = html`<mark>${c.text}</mark>`;
  if (article === null) {
    return {
      excerpt: alone,
      full: null,
      note: {
        en: 'The article is not in the current index; showing the passage as logged.',
        ar: 'المقال غير موجود في الفهرس الحالي؛ يُعرض المقطع كما سُجّل.',
      },
    };
  }
  let start = c.start ?? -1;
  let note: Bilingual | null = null;
  if (start < 0 || c.end === null || article.slice(start, c.end) !== c.text) {
    start = article.indexOf(c.text);
    if (start < 0) {
      return {
        excerpt: alone,
        full: null,
        note: {
          en: 'The article has changed since this answer: the passage is no longer in it.',
          ar: 'تغيّر المقال منذ هذه الإجابة: لم يعد المقطع فيه.',
        },
      };
    }
    note = {
      en: 'The article has changed since this answer: the passage was found at another place.',
      ar: 'تغيّر المقال منذ هذه الإجابة: وُجد المقطع في موضع آخر.',
    };
  }
  const end = start + c.text.length;
  const from = Math.max(0, start - context);
  const to = Math.min(article.length, end + context);
  return {
    excerpt: html`${from > 0 ? '…' : ''}${article.slice(from, start)}<mark>${c.text}</mark>${article.slice(end, to)}${to < article.length ? '…' : ''}`,
    full:
      from > 0 || to < article.length
        ? html`${article.slice(0, start)}<mark>${c.text}</mark>${article.slice(end)}`
        : null,
    note,
  };
}

const httpUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/** A passage in its article; `article` undefined when the index could not be opened (said once above). */
function citationBlock(c: LoggedCitation, article: string | null | undefined): SafeHtml {
  const shown =
    article === undefined
      ? { excerpt: html`<mark>${c.text}</mark>`, full: null, note: null }
      : passageInArticle(article, c);
  const url = httpUrl(c.url);
  // The excerpt and the whole article are one text: its language is read once.
  const articleDir = autoDir(article ?? c.text);
  return html`<section class="box" id="c${c.n}">
    <h3>[${c.n}] <span ${autoDir(c.title ?? c.articleId)}>${c.title ?? c.articleId}</span></h3>
    <dl class="meta">
      <dt>${both('Article', 'المقال')}</dt>
      <dd>
        <code>${c.articleId}</code
        >${url ? html` — <a href="${url}" rel="noreferrer noopener" target="_blank">${url}</a>` : ''}
      </dd>
      <dt>${both('Source', 'المصدر')}</dt>
      <dd ${autoDir(c.source)}>${c.source ?? '—'}</dd>
      <dt>${both('Published', 'النشر')}</dt>
      <dd>
        ${c.published ?? '—'}
        <span class="muted"
          >(${both(...(PRECISION_LABEL[c.publishedPrecision] ?? [c.publishedPrecision, c.publishedPrecision]))})</span
        >
      </dd>
      <dt>${both('Score', 'الدرجة')}</dt>
      <dd>${score(c.score)}</dd>
      <dt>${both('Offsets', 'الموضع')}</dt>
      <dd>${c.start ?? '—'}–${c.end ?? '—'}</dd>
      ${
        c.alsoIn.length
          ? html`<dt>${both('Also in', 'ورد أيضًا في')}</dt>
              <dd>
                ${c.alsoIn.map((d, i) => html`${i ? ', ' : ''}<span ${autoDir(d.source ?? d.articleId)}>${d.source ?? d.articleId}</span> <code>${d.articleId}</code>`)}
              </dd>`
          : ''
      }
    </dl>
    ${shown.note ? html`<p class="note">${both(shown.note.en, shown.note.ar)}</p>` : ''}
    <div class="article" ${articleDir}>${shown.excerpt}</div>
    ${
      shown.full
        ? html`<details>
            <summary>${both('Whole article', 'المقال كاملًا')}</summary>
            <div class="article" ${articleDir}>${shown.full}</div>
          </details>`
        : ''
    }
  </section>`;
}

export function detailPage(
  ctx: PageContext & { csrf: string },
  a: AnswerRecord,
  events: ReviewEvent[],
  articleText: (articleId: string) => string | null,
  opts: {
    /**
     * Why the current index cannot be read, or null: said once, instead of calling every passage's
     * article "not in the current index".
     */
    indexProblem?: string | null;
    back: string;
    /**
     * The next answer of the queue's view (the next older), or null at its end. Once a review is
     * saved the keyboard is on it, so that going through the queue takes Enter an answer.
     */
    next?: string | null;
    self: string;
    saved: boolean;
    /** A review not saved (see Offered), shown in the form instead of the saved one, with why. */
    draft?: Offered;
  },
): SafeHtml {
  const draft = opts.draft;
  // A take-back is not a verdict: it would check no verdict and put its reason in the verdict's note.
  const takeBack = draft?.state === 'unreviewed' ? draft : undefined;
  const verdict = takeBack ? undefined : draft;
  const checked = verdict ? verdict.state : a.reviewState;
  const noteShown = verdict ? verdict.note : (a.reviewNote ?? '');
  const problem = opts.indexProblem ?? null;
  const asked = askedAs(a);
  const block = (c: LoggedCitation) => citationBlock(c, problem ? undefined : articleText(c.articleId));
  const trail = events.map(
    (e) =>
      html`<tr>
        <td class="muted">${when(e.at)}</td>
        <td>${e.moderator}</td>
        <td>${stateLabel(e.fromState)} → ${stateLabel(e.toState)}</td>
        <td ${autoDir(e.note)} class="note-text">${e.note ?? ''}</td>
      </tr>`,
  );
  return layout(
    ctx,
    { en: `Answer #${a.id}`, ar: `الإجابة #${a.id}` },
    html`<nav class="links" aria-label="${bothText('Queue', 'القائمة')}">
        <a href="${opts.back}">← ${both('Queue', 'القائمة')}</a>
        ${
          opts.next
            ? html`<a href="${opts.next}" rel="next" ${opts.saved ? raw('autofocus') : ''}
                >${both('Next answer', 'الإجابة التالية')} →</a
              >`
            : html`<span class="muted">${both('Last answer of this view', 'آخر إجابة في هذا العرض')}</span>`
        }
      </nav>
      <h1>${both('Answer', 'الإجابة')} #${a.id}</h1>
      ${opts.saved ? html`<p class="saved" role="status">${both('Review saved.', 'حُفظت المراجعة.')}</p>` : ''}
      ${draft ? html`<p class="error" role="alert">${both(draft.why.en, draft.why.ar)}</p>` : ''}
      <h2>${both('Question', 'السؤال')}</h2>
      <div class="box question" ${dirOf(a.language)}>${inLanguage(a.question, a.language)}</div>
      ${
        a.follows
          ? html`<p class="follows">
              ${both('A reply to an earlier answer, read as a follow-up of:', 'ردّ على إجابة سابقة، قُرئ متابعةً لسؤال:')}
              <span ${dirOf(a.language)}>${inLanguage(a.follows, a.language)}</span>
            </p>`
          : ''
      }
      <h2>${both('Answer as sent', 'الإجابة كما أُرسلت')}</h2>
      <div class="box">
        <pre class="answer" ${dirOf(a.language)}>${inLanguage(a.answerText, a.language)}</pre>
      </div>
      <h2>${both('Details', 'التفاصيل')}</h2>
      <div class="box">
        <dl class="meta">
          <dt>${both('Time', 'الوقت')}</dt>
          <dd>${when(a.createdAt)}</dd>
          <dt>${both('Language', 'اللغة')}</dt>
          <dd>${both(...LANGUAGE_LABEL[a.language])}</dd>
          <dt>${both('Chat', 'المحادثة')}</dt>
          <dd>${CHAT_LABEL[a.chatType] ? both(...CHAT_LABEL[a.chatType]!) : a.chatType}</dd>
          ${
            asked === 'person'
              ? ''
              : html`<dt>${both('Asked as', 'طُرح باسم')}</dt>
                  <dd>${both(...ASKED_AS_LABEL[asked])}</dd>`
          }
          ${
            a.undelivered === null
              ? ''
              : html`<dt>${both('Delivered', 'التسليم')}</dt>
                  <dd class="undelivered">
                    ${both('No: Telegram refused it.', 'لا: رفضها تيليغرام.')}
                    <br /><span dir="ltr">${a.undelivered}</span>
                  </dd>`
          }
          <dt>${both('Feedback', 'التقييم')}</dt>
          <dd>
            ${feedbackLabel(a.feedback)} <span class="muted">${a.feedbackAt ? when(a.feedbackAt) : ''}</span>
            ${
              a.feedbackComment === null
                ? ''
                : html`<br />${both('The asker said:', 'قال السائل:')}
                    <q class="fb-comment" ${autoDir(a.feedbackComment)}>${a.feedbackComment}</q>`
            }
            ${feedbackChange(a)}
          </dd>
          <dt>${both('Abstained', 'امتنع')}</dt>
          <dd>${a.abstained ? both('yes', 'نعم') : both('no', 'لا')}</dd>
          <dt>${both('Top score', 'أعلى درجة')}</dt>
          <dd>${score(a.topScore)}</dd>
          <dt>${both('Embedder', 'نموذج التضمين')}</dt>
          <dd><code>${a.embedderId ?? '—'}</code></dd>
          <dt>${both('Index version', 'إصدار الفهرس')}</dt>
          <dd><code>${a.indexVersion ?? '—'}</code></dd>
          <dt>${both('Latency', 'زمن الاستجابة')}</dt>
          <dd>${a.latencyMs === null ? '—' : `${a.latencyMs.toFixed(1)} ms`}</dd>
        </dl>
      </div>
      <h2>${both('Review', 'المراجعة')}</h2>
      <div class="box">
        <p>
          ${stateLabel(a.reviewState)}${a.reviewedBy ? html` — ${a.reviewedBy}, ${when(a.reviewedAt)}` : ''}
        </p>
        ${a.reviewNote ? html`<p class="review-note" ${autoDir(a.reviewNote)}>${a.reviewNote}</p>` : ''}
        <form method="post" action="${opts.self}" id="review" autocomplete="off">
          <input type="hidden" name="_csrf" value="${ctx.csrf}" />
          <input type="hidden" name="seen" value="${a.reviewedAt ?? ''}" />
          <fieldset>
            <legend>${both('Verdict', 'الحكم')}</legend>
            ${VERDICTS.map((v) => html`<label><input type="radio" name="state" value="${v}" required${checked === v ? raw(' checked') : ''} /> ${both(...STATE_LABEL[v])}</label><br />`)}
          </fieldset>
          <p>
            <label
              >${both('Note', 'ملاحظة')}<br /><textarea
                name="note"
                rows="3"
                cols="60"
                maxlength="2000"
                ${autoDir(noteShown)}
              >
${noteShown}</textarea>
            </label>
          </p>
          <button type="submit">${both('Save review', 'حفظ المراجعة')}</button>
        </form>
        ${
          a.reviewState === 'unreviewed'
            ? ''
            : html`<form
                method="post"
                action="${opts.self}"
                id="unreview"
                class="unreview"
                autocomplete="off"
              >
                <input type="hidden" name="_csrf" value="${ctx.csrf}" />
                <input type="hidden" name="seen" value="${a.reviewedAt ?? ''}" />
                <input type="hidden" name="state" value="unreviewed" />
                <p>
                  ${both('Marked by mistake?', 'عُلِّمت خطأً؟')}
                  <label
                    >${both('Why (optional)', 'السبب (اختياري)')}
                    <input
                      name="note"
                      maxlength="2000"
                      ${autoDir(takeBack?.note)}
                      size="30"
                      value="${takeBack?.note ?? ''}"
                  /></label>
                  <button type="submit">${both('Return to unreviewed', 'إعادتها إلى «لم تُراجَع»')}</button>
                </p>
              </form>`
        }
      </div>
      ${
        // After the review's form, so that the keyboard's way to the verdict is as short as before.
        a.chatHash === null
          ? ''
          : html`<p class="links">
              <a href="${withQuery('/', filterParams({ chat: a.id, order: 'oldest' }))}" class="chat-answers"
                >${both('This chat’s answers, oldest first', 'إجابات هذه المحادثة، الأقدم أولًا')}</a
              >
            </p>`
      }
      <h2>${both('Audit trail', 'سجل المراجعات')}</h2>
      ${
        events.length
          ? html`<table class="audit">
              <thead>
                <tr>
                  <th>${both('When', 'متى')}</th>
                  <th>${both('Who', 'من')}</th>
                  <th>${both('Change', 'التغيير')}</th>
                  <th>${both('Note', 'ملاحظة')}</th>
                </tr>
              </thead>
              <tbody>
                ${trail}
              </tbody>
            </table>`
          : html`<p class="muted">${both('Not reviewed yet.', 'لم تُراجَع بعد.')}</p>`
      }
      <h2>${both('Citations', 'الاستشهادات')}</h2>
      ${
        problem && (a.citations.length || a.considered.length)
          ? html`<p class="error index-problem" role="alert">
              ${both(
                'The index could not be opened, so the passages below are shown as logged, not inside their articles. Whether their articles are still in the index is not known.',
                'تعذّر فتح الفهرس، فتُعرض المقاطع أدناه كما سُجّلت لا داخل مقالاتها، ولا يُعرف أما زالت مقالاتها في الفهرس.',
              )}
              <br /><span class="muted">${both('Why:', 'السبب:')}</span> <code>${problem}</code>
            </p>`
          : ''
      }
      ${a.citations.length ? a.citations.map(block) : html`<p class="muted">${both('No citations.', 'لا استشهادات.')}</p>`}
      ${
        a.considered.length
          ? html`<h2>
                ${both('Passages it set aside (not shown: it abstained)', 'مقاطع استبعدها (لم تُعرض: امتنع عن الإجابة)')}
              </h2>
              <p class="muted">
                ${both(
                  'The best passages the search found, judged too weak to answer from. If one answers the question, the search missed it; if none does, the article may be missing.',
                  'أفضل ما وجده البحث من مقاطع، وقد حُكم بأنها أضعف من أن يُجاب منها. إن أجاب أحدها عن السؤال فقد فات البحثَ، وإلا فلعل المقالة غير موجودة.',
                )}
              </p>
              ${a.considered.map(block)}`
          : ''
      }`,
  );
}
