import type { Language } from './language.js';

/**
 * A counted noun phrase in each plural form the language has; `#` stands for the number. Arabic
 * has six (CLDR): 1 and 2 are said without the number ("مقال واحد", "مقالان"), 3–10 take a plural
 * ("5 مقالات"), 11–99 a singular in the accusative ("23 مقالًا"), the rest a singular ("100 مقال").
 * English needs `one` and `other`.
 */
export type CountForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules: Record<Language, Intl.PluralRules> = {
  ar: new Intl.PluralRules('ar'),
  en: new Intl.PluralRules('en'),
};

/** `n` with its noun in the form the language's plural rules choose for it. */
export function counted(lang: Language, n: number, forms: CountForms): string {
  return (forms[rules[lang].select(n)] ?? forms.other).replace('#', String(n));
}

/**
 * A number of characters in Arabic, for the limits people and moderators are told of: حرف واحد،
 * حرفين، 3–10 أحرف، 11–99 حرفًا، 100 حرف.
 */
export const AR_CHARACTERS: CountForms = {
  one: 'حرف واحد',
  two: 'حرفين',
  few: '# أحرف',
  many: '# حرفًا',
  other: '# حرف',
};

/** English counted nouns of the index's lines ("1 article", "2 passages"). */
export const ARTICLES: CountForms = { one: '# article', other: '# articles' };
export const PASSAGES: CountForms = { one: '# passage', other: '# passages' };
/** English counted nouns of the answer log's lines ("purged 1 answer older than 30 days"). */
export const ANSWERS: CountForms = { one: '# answer', other: '# answers' };
export const DAYS: CountForms = { one: '# day', other: '# days' };
