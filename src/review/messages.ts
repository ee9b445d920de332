import { REVIEW_STATES, type ReviewState } from '../log/index.js';
import { AR_CHARACTERS, counted, type CountForms } from '../text/plural.js';
import { STATE_LABEL, when } from './pages.js';

/**
 * A sentence the review page says to a moderator, in English and Arabic: moderators read either, so
 * the page shows both (pages.ts renders them with its `both`, escaped like any other text).
 */
export interface Bilingual {
  readonly en: string;
  readonly ar: string;
}

/** After «بعد»: دقيقة، دقيقتين، 3–10 دقائق، 11–99 دقيقةً، 100 دقيقة (see text/plural.ts). */
const AR_MINUTES: CountForms = {
  one: 'دقيقة',
  two: 'دقيقتين',
  few: '# دقائق',
  many: '# دقيقةً',
  other: '# دقيقة',
};

/** Who a refused login was counted against (LoginBlock.by). */
const BLOCKED_BY: Record<'here' | 'name' | 'address', Bilingual> = {
  here: { en: 'for this name from this address', ar: 'لهذا الاسم من هذا العنوان' },
  name: { en: 'for this name from all addresses together', ar: 'لهذا الاسم من كل العناوين معًا' },
  address: { en: 'from this address', ar: 'من هذا العنوان' },
};

/** The Arabic of the «Return to unreviewed» button, as the answer's page labels it. */
const UNREVIEW_AR = '«إعادتها إلى «لم تُراجَع»»';

/** The messages of the login path: the login form, and a review carried through it. */
export const LOGIN = {
  /** A wrong token, or a name that is no moderator's: the same words, so they tell nothing of names. */
  wrong: { en: 'Wrong name or token.', ar: 'الاسم أو الرمز غير صحيح.' },
  /** The form's double-submit token is missing or does not match (its cookie lasts an hour). */
  expired: {
    en: 'The login form expired; please try again.',
    ar: 'انتهت صلاحية نموذج الدخول؛ يُرجى المحاولة مجددًا.',
  },
  tooMany: (by: keyof typeof BLOCKED_BY, minutes: number): Bilingual => ({
    en: `Too many failed logins ${BLOCKED_BY[by].en}; try again in ${minutes} min.`,
    ar: `كثرت محاولات الدخول الفاشلة ${BLOCKED_BY[by].ar}؛ يُرجى المحاولة مجددًا بعد ${counted('ar', minutes, AR_MINUTES)}.`,
  }),
  /** A review (or, `takeBack`, a verdict taken back) posted after the session ended. */
  sessionEnded: (takeBack: boolean): Bilingual =>
    takeBack
      ? {
          en: 'Your session has ended, so the verdict was not taken back. Log in to get it back and press “Return to unreviewed” again.',
          ar: `انتهت جلستك، فلم يُسحب الحكم. سجّل الدخول لتستعيد ما كتبت، ثم اضغط ${UNREVIEW_AR} مرة أخرى.`,
        }
      : {
          en: 'Your session has ended, so the review was not saved. Log in to get it back and save it.',
          ar: 'انتهت جلستك، فلم تُحفظ المراجعة. سجّل الدخول لتستعيدها ثم احفظها.',
        },
} as const;

/**
 * Why a review written by a moderator was not saved, shown above it on the answer's page (see the
 * server's `offer`): `verdict` for a verdict, `cause` to start the sentence about a take-back.
 */
export interface NotSaved {
  verdict: Bilingual;
  cause: Bilingual;
}

export const NOT_SAVED = {
  /** After logging in again with the review that the ended session did not save. */
  afterLogin: {
    verdict: {
      en: 'This review is not saved yet: check it and save it.',
      ar: 'لم تُحفظ هذه المراجعة بعد: راجعها ثم احفظها.',
    },
    cause: { en: 'Your session had ended', ar: 'كانت جلستك قد انتهت' },
  },
  /** A form whose CSRF token is another session's. */
  earlierSession: {
    verdict: {
      en: 'This page was opened in an earlier session, so the review was not saved. It is below: save it again.',
      ar: 'فُتحت هذه الصفحة في جلسة سابقة، فلم تُحفظ المراجعة. هي أدناه: احفظها مرة أخرى.',
    },
    cause: { en: 'This page was opened in an earlier session', ar: 'فُتحت هذه الصفحة في جلسة سابقة' },
  },
  /**
   * Someone else reviewed the answer after the page was opened: `last` is the latest change of its
   * audit trail, undefined when the review was written without one (by hand in the database).
   */
  changed: (last: { moderator: string; toState: ReviewState; at: string } | undefined): NotSaved => {
    // The state by its name and the time as the page shows them, not as the log stores them
    // ("article_missing", "2024-06-10T13:00:00.000Z"); the time left to right inside the Arabic.
    const at = last && when(last.at);
    const what: Bilingual = !last
      ? {
          en: `This answer's review changed after you opened it`,
          ar: 'تغيّرت مراجعة هذه الإجابة بعد أن فتحتها',
        }
      : last.toState === 'unreviewed'
        ? {
            en: `${last.moderator} took back this answer's verdict after you opened it (${at})`,
            ar: `سحب ${last.moderator} حكم هذه الإجابة بعد أن فتحتها (\u2066${at}\u2069)`,
          }
        : {
            en: `${last.moderator} reviewed this answer after you opened it (${STATE_LABEL[last.toState][0]}, ${at})`,
            ar: `راجع ${last.moderator} هذه الإجابة بعد أن فتحتها (${STATE_LABEL[last.toState][1]}، \u2066${at}\u2069)`,
          };
    const theirs: Bilingual = last
      ? { en: 'Theirs is in the audit trail', ar: 'مراجعته في سجل المراجعات' }
      : { en: 'Theirs is shown under Review', ar: 'المراجعة الأخرى معروضة تحت «المراجعة»' };
    return {
      verdict: {
        en: `${what.en}, so yours was not saved. ${theirs.en}; yours is below: save it again to replace theirs.`,
        ar: `${what.ar}، فلم تُحفظ مراجعتك. ${theirs.ar}، ومراجعتك أدناه: احفظها مرة أخرى لتحلّ محلّها.`,
      },
      cause: what,
    };
  },
  /**
   * A take-back (to 'unreviewed') not saved for `cause`; `verdictNow` says whether the answer still
   * has a verdict to take back.
   */
  takeBack: (cause: Bilingual, verdictNow: boolean): Bilingual => {
    const en = `${cause.en}, so your take-back to unreviewed was not saved`;
    const ar = `${cause.ar}، فلم تُحفظ إعادتك الإجابةَ إلى «لم تُراجَع»`;
    return verdictNow
      ? {
          en: `${en}. Your reason is below: press “Return to unreviewed” again to take back the verdict it has now.`,
          ar: `${ar}. سببك أدناه: اضغط ${UNREVIEW_AR} مرة أخرى لسحب حكمها الحالي.`,
        }
      : {
          en: `${en}. The answer has no verdict now, so there is nothing to take back.`,
          ar: `${ar}. ليس للإجابة حكم الآن، فلا شيء يُسحب.`,
        };
  },
} as const;

/** An error page a moderator can meet: its title, and what went wrong. */
export interface ErrorPage {
  title: Bilingual;
  message: Bilingual;
}

const NOT_FOUND: Bilingual = { en: 'Not found', ar: 'غير موجود' };
const BAD_REQUEST: Bilingual = { en: 'Bad request', ar: 'طلب غير صالح' };

export const ERROR_PAGE = {
  noSuchAnswer: {
    title: NOT_FOUND,
    message: { en: 'There is no answer with this id.', ar: 'لا توجد إجابة بهذا الرقم.' },
  },
  noSuchPage: { title: NOT_FOUND, message: { en: 'No such page.', ar: 'لا توجد صفحة كهذه.' } },
  /** A review form whose state is none of the review states (the form's own values, not translated). */
  badState: {
    title: BAD_REQUEST,
    message: {
      en: `state must be one of ${REVIEW_STATES.join(', ')}.`,
      ar: `يجب أن تكون الحالة (state) واحدة من: ${REVIEW_STATES.join(', ')}.`,
    },
  },
  noteTooLong: (max: number): ErrorPage => ({
    title: BAD_REQUEST,
    message: {
      en: `The note is longer than ${max} characters.`,
      ar: `الملاحظة أطول من ${counted('ar', max, AR_CHARACTERS)}.`,
    },
  }),
} as const satisfies Record<string, ErrorPage | ((max: number) => ErrorPage)>;

/**
 * Query parameters the queue or an export cannot use. `detail` is the validator's (parseFilters), in
 * both languages, naming each parameter as the URL (or the command line) does.
 */
export const badFilter = (detail: Bilingual): Bilingual => ({
  en: `Bad filter: ${detail.en}`,
  ar: `عامل تصفية غير صالح: ${detail.ar}`,
});

/**
 * A request from a proxy of REVIEW_TRUST_PROXY whose `header` (the one REVIEW_PROXY_HEADER names, as
 * people write it) cannot be read, so that it names no address to limit logins by. The header's name
 * stays as it is in the Arabic, in a left-to-right isolate like badFilter's detail.
 */
export const unreadableForwarding = (header: string): Bilingual => ({
  en:
    `The ${header} header of this request cannot be read, so the address it comes from is not known; ` +
    `the request is refused. If you did not add the header yourself, tell the operator of this page: ` +
    `the proxy in front of it may write it wrongly.`,
  ar:
    `تعذّرت قراءة الترويسة \u2066${header}\u2069 في هذا الطلب، فلا يُعرف العنوان الذي جاء منه، ولذلك رُفض. ` +
    `إن لم تُضف هذه الترويسة بنفسك فأبلغ مشغّل هذه الصفحة: لعل الوكيل الذي أمامها يكتبها على نحو خاطئ.`,
});

/** The answers the page gives as plain text (no page around them): both languages, one a line. */
export const PLAIN = {
  crossSite: { en: 'Cross-site request refused.', ar: 'رُفض الطلب لأنه آتٍ من موقع آخر.' },
  tooLarge: { en: 'Request too large.', ar: 'الطلب أكبر من المسموح به.' },
  badCsrf: {
    en: 'Missing or wrong CSRF token.',
    ar: 'رمز الحماية من تزوير الطلبات (CSRF) مفقود أو غير صحيح.',
  },
  logInFirst: { en: 'Log in first.', ar: 'سجّل الدخول أولًا.' },
  notFound: { en: 'Not found', ar: 'غير موجود' },
  failed: {
    en: 'Something went wrong; the error is in the server log.',
    ar: 'حدث خطأ؛ تفاصيله في سجل الخادم.',
  },
} as const satisfies Record<string, Bilingual>;

export const plainText = (m: Bilingual) => `${m.en}\n${m.ar}\n`;
