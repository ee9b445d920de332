import { counted, type CountForms } from '../text/plural.js';

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
