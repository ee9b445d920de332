import type { Language } from '../corpus/types.js';
import { AR_CHARACTERS, counted, questionLanguage, type CountForms } from '../text/index.js';

/** Every sentence the bot says on its own, in English and Arabic. */
export interface Messages {
  /** What Telegram shows in an empty chat with the bot (at most 512 characters). */
  description: string;
  /** What Telegram shows on the bot's profile and when it is shared (at most 120 characters). */
  shortDescription: string;
  help: (botUsername: string, maxChars: number) => string[];
  examples: string[];
  tooLong: (max: number, got: number) => string;
  /** The message a bare mention or /ask replies to, asked as the question, is over the limit. */
  repliedTooLong: (max: number, got: number) => string;
  /** A message forwarded to the bot, read as the question, is over the limit. */
  forwardedTooLong: (max: number, got: number) => string;
  /** The question turned out empty: after the command, or beside the mention. */
  emptyQuestion: (via: 'command' | 'mention', botUsername: string) => string;
  /** Said once in a group that has just added the bot: how to ask it there. */
  joinedGroup: (botUsername: string) => string;
  /** The reply to a greeting (or an emoji, a farewell), above the example questions. */
  smallTalk: string;
  /** The reply to thanks on its own: said after an answer, it needs no introduction again. */
  welcome: string;
  /** "?" or "🤔" in reply to an answer: how to ask more about it. */
  followUpHowTo: string;
  nonText: string;
  /** Arabic written in Latin letters ("shu sar bel 3omar?"): said in Arabic and English. */
  arabizi: string;
  /** A link alone: the bot cannot open it. */
  linkOnly: string;
  /** "Is this true?" with nothing it refers to: how to ask about a post. */
  checkWhat: string;
  /** A question in another language (Persian, Kurdish, Urdu): said in English and Arabic. */
  otherLanguage: string;
  unknownCommand: string;
  rateLimited: (perMinute: number) => string;
  /** Any messages (commands too) faster than the flood limit. */
  tooFast: string;
  /** The same question again, just answered: said in reply to that answer. */
  answeredJustNow: string;
  apology: string;
  /** "This is wrong" in reply to an answer, by its asker: recorded as their 👎. */
  wrongNoted: string;
  /** "This is wrong, it was on the 4th", by the asker: their 👎, their words kept for the moderators. */
  correctionNoted: string;
  /** … by someone else: only the asker can rate it. */
  wrongHowTo: string;
  /** … with no answer log, hence no rating buttons. */
  wrongThanks: string;
  /** In reply to a question the bot was restarted while answering, too long ago, or tried already. */
  askAgain: string;
  sourcesHeading: string;
  /** Above an answer to a reply: which question it was read with. */
  followsUp: string;
  alsoIn: string;
  unknownSource: string;
  dateUnknown: string;
  articlesHeading: (shown: number, total: number) => string;
  noArticles: string;
  about: (v: {
    articles: number;
    passages: number;
    range: string;
    embedder: string;
    index: string;
    built: string;
  }) => string[];
  button: { up: string; down: string; sources: string };
  cb: {
    thanks: string;
    /** A 👎 from the asker: how to tell the moderators what is wrong (a correction in reply). */
    thanksDown: string;
    invalid: string;
    gone: string;
    stale: string;
    notYours: string;
    /** A rating, by someone not an admin, of an answer asked on behalf of a chat. */
    adminsOnly: string;
    noSources: string;
    /** "sources" pressed again just after its passages were sent. */
    sourcesJustSent: string;
    notLogged: string;
    /** A button pressed while its presser is over the flood limit. */
    tooFast: string;
  };
  sourcesFor: (n: number) => string;
}

/** Keeps a Latin command or @name left-to-right inside Arabic text (LRI…PDI). */
const ltr = (s: string) => `\u2066${s}\u2069`;

const en: Messages = {
  description:
    'I answer questions about military incidents in eastern Syria (strikes, bases, rocket and drone attacks, official statements) from a collection of Arabic news articles, and quote the passages I rely on with their source and date. Ask in Arabic or English. When the articles do not cover a question, I say so.',
  shortDescription:
    'Answers about military incidents in eastern Syria from Arabic news articles, quoting its sources.',
  help: (bot, max) => [
    'I answer questions about military incidents in eastern Syria (strikes, bases, official statements) from a collection of Arabic news articles.',
    'I answer only from those articles and quote the passages I rely on, with their source and date. When the articles do not cover a question, I say so instead of guessing.',
    `Ask in Arabic or English, up to ${max} characters. In groups, mention @${bot}, reply to one of my messages, or use /ask. To ask a follow-up ("and when was that?"), reply to my answer. To ask about someone's message, reply to it with @${bot} and your question ("who fired them?"), or with the mention alone.`,
    'Commands: /sources lists the articles, /about describes the collection, /help shows this message.',
  ],
  examples: [
    'What did coalition air strikes hit near al-Mayadin?',
    'Was the coalition base at the al-Omar oil field attacked with rockets?',
    'Which group did the drone strike near al-Mayadin target?',
  ],
  tooLong: (max, got) =>
    `Your question is ${got} characters long; I accept at most ${max}. Please ask a shorter question. To ask about a text, send it on its own, then reply to it with your question.`,
  repliedTooLong: (max, got) =>
    `The message you replied to is ${got} characters long; I accept at most ${max}. Quote the part you are asking about in your reply, or write your question.`,
  forwardedTooLong: (max, got) =>
    `This forwarded message is ${got} characters long; I accept at most ${max}. To ask about it, reply to it with your question.`,
  emptyQuestion: (via, bot) =>
    via === 'mention'
      ? `Please write your question with the mention, for example: @${bot} What happened at the al-Omar oil field?`
      : 'Please write your question after the command, for example: /ask What happened at the al-Omar oil field?',
  joinedGroup: (bot) =>
    `Hello! I answer questions about military incidents in eastern Syria from a collection of Arabic news articles, and quote the passages I rely on. In this group I read only what is addressed to me: mention @${bot} with your question, reply to one of my messages, or use /ask. /help says more.`,
  smallTalk:
    'Hello! Ask me about a strike, an attack, a base or an official statement in eastern Syria, in Arabic or English. For example:',
  welcome: 'You are welcome! Ask me anything else about incidents in eastern Syria, in Arabic or English.',
  followUpHowTo:
    'To ask more about this answer, reply to it with your question, for example: “Was anyone hurt?”',
  nonText: 'I can only read text questions. Please type your question in Arabic or English.',
  otherLanguage: 'I can read questions only in Arabic or English. Please ask yours in one of them.',
  arabizi:
    'I cannot read Arabic written in Latin letters. Please write your question in Arabic letters, or in English.',
  checkWhat:
    'What should I check? Send me the text you are asking about (forward the post, or paste it), then reply to it with your question.',
  linkOnly:
    'I cannot open links. Send me the text you are asking about (forward the post, or paste it), then reply to it with your question.',
  unknownCommand: 'I do not know that command. Send /help to see what I can do.',
  rateLimited: (n) =>
    `You are asking faster than I can answer (at most ${counted('en', n, { one: '# question', other: '# questions' })} a minute). Please wait a moment and try again.`,
  tooFast: 'You are sending messages faster than I can reply. Please wait a minute and try again.',
  answeredJustNow: 'I answered this question just now: this is my answer.',
  apology: 'Sorry, something went wrong while answering. Please try again in a moment.',
  wrongNoted:
    'Thank you: I have marked this answer as wrong (👎), as the 👎 button under it does. The moderators review the answers marked so.',
  correctionNoted:
    'Thank you: I have marked this answer as wrong (👎) and kept what you wrote for the moderators, who review the answers marked so. To ask me about it, send your question on its own.',
  wrongHowTo:
    'Thank you for saying so. The person who asked can mark an answer as wrong with the 👎 button under it; the moderators review the answers marked so.',
  wrongThanks: 'Thank you for saying so. I cannot record it here.',
  askAgain: 'Sorry, I was restarted while answering this question, and did not finish. Please send it again.',
  sourcesHeading: 'Sources',
  followsUp: 'Read as a follow-up to:',
  alsoIn: 'also in',
  unknownSource: 'unknown source',
  dateUnknown: 'date unknown',
  articlesHeading: (shown, total) =>
    shown < total ? `Articles (newest ${shown} of ${total})` : `Articles (${total})`,
  noArticles: 'There are no articles in the collection yet.',
  about: (v) => [
    `Articles: ${v.articles} (${counted('en', v.passages, { one: '# passage', other: '# passages' })})`,
    `Dates: ${v.range}`,
    `Embedder: ${v.embedder}`,
    `Index version: ${v.index}, built ${v.built}`,
  ],
  button: { up: '👍', down: '👎', sources: 'sources' },
  cb: {
    thanks: 'Thank you for your feedback!',
    thanksDown:
      'Thank you for your feedback! To tell the moderators what is wrong, reply to the answer: “Wrong: …”.',
    invalid: 'Sorry, I do not recognise this button.',
    gone: 'Sorry, this answer is no longer available.',
    stale: 'Sorry, this answer is too old; please ask again.',
    notYours: 'Only the person who asked can rate this answer.',
    adminsOnly:
      'This question was asked on behalf of a chat: only the admins of this group can rate the answer.',
    noSources: 'This answer has no cited passages.',
    sourcesJustSent: 'The cited passages were sent just now, in reply to this answer.',
    notLogged: 'Sorry, feedback could not be recorded for this answer.',
    tooFast: 'Too many requests at once. Please wait a minute and try again.',
  },
  sourcesFor: (n) => `Cited passages (${n})`,
};

const AR_PASSAGES: CountForms = {
  one: 'مقطع واحد',
  two: 'مقطعان',
  few: '# مقاطع',
  many: '# مقطعًا',
  other: '# مقطع',
};
const AR_QUESTIONS: CountForms = {
  one: 'سؤال واحد',
  two: 'سؤالان',
  few: '# أسئلة',
  many: '# سؤالًا',
  other: '# سؤال',
};

const ar: Messages = {
  description:
    'أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا (الضربات والقواعد والهجمات بالصواريخ والطائرات المسيّرة والتصريحات الرسمية) من مجموعة من المقالات الإخبارية العربية، وأقتبس المقاطع التي أعتمد عليها مع مصدرها وتاريخها. اسأل بالعربية أو الإنجليزية. وإذا لم تغطِّ المقالات السؤال، أقول ذلك.',
  shortDescription: 'إجابات عن الحوادث العسكرية في شرق سوريا من مقالات إخبارية عربية، مع اقتباس مصادرها.',
  help: (bot, max) => [
    'أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا (الضربات والقواعد والتصريحات الرسمية) من مجموعة من المقالات الإخبارية العربية.',
    'أجيب من هذه المقالات فقط، وأقتبس المقاطع التي أعتمد عليها مع مصدرها وتاريخها. وإذا لم تغطِّ المقالات السؤال، أقول ذلك بدل التخمين.',
    `اسأل بالعربية أو الإنجليزية، بحد أقصى ${counted('ar', max, AR_CHARACTERS)}. في المجموعات، اذكرني ${ltr('@' + bot)} أو ردّ على إحدى رسائلي أو استخدم ${ltr('/ask')}. ولسؤال متابعة («ومتى حدث ذلك؟») ردّ على إجابتي. وللسؤال عن رسالة أحدهم، ردّ عليها بذكري ${ltr('@' + bot)} مع سؤالك («من أطلقها؟») أو بالذكر وحده.`,
    `الأوامر: ${ltr('/sources')} لقائمة المقالات، ${ltr('/about')} لوصف المجموعة، ${ltr('/help')} لعرض هذه الرسالة.`,
  ],
  examples: [
    'ماذا استهدفت غارات التحالف قرب الميادين؟',
    'هل تعرضت قاعدة التحالف في حقل العمر لهجوم صاروخي؟',
    'ما الجهة التي استهدفها الطيران المسيّر في بادية الميادين؟',
  ],
  tooLong: (max, got) =>
    `سؤالك من ${counted('ar', got, AR_CHARACTERS)}، والحد الأقصى ${max}. يُرجى كتابة سؤال أقصر. وللسؤال عن نص، أرسله وحده ثم ردّ عليه بسؤالك.`,
  repliedTooLong: (max, got) =>
    `الرسالة التي رددت عليها من ${counted('ar', got, AR_CHARACTERS)}، والحد الأقصى ${max}. اقتبس في ردّك الجزء الذي تسأل عنه، أو اكتب سؤالك.`,
  forwardedTooLong: (max, got) =>
    `هذه الرسالة المُعاد توجيهها من ${counted('ar', got, AR_CHARACTERS)}، والحد الأقصى ${max}. للسؤال عنها، ردّ عليها بسؤالك.`,
  emptyQuestion: (via, bot) =>
    via === 'mention'
      ? `يُرجى كتابة سؤالك مع الإشارة إليّ، مثلًا: ${ltr('@' + bot)} ماذا حدث في حقل العمر؟`
      : `يُرجى كتابة سؤالك بعد الأمر، مثلًا: ${ltr('/ask')} ماذا حدث في حقل العمر؟`,
  joinedGroup: (bot) =>
    `أهلًا! أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا من مجموعة من المقالات الإخبارية العربية، وأقتبس المقاطع التي أعتمد عليها. في هذه المجموعة أقرأ فقط ما يُوجَّه إليّ: اذكرني ${ltr('@' + bot)} مع سؤالك، أو ردّ على إحدى رسائلي، أو استخدم ${ltr('/ask')}. والمزيد في ${ltr('/help')}.`,
  smallTalk:
    'أهلًا بك! اسألني عن غارة أو هجوم أو قاعدة أو بيان رسمي في شرق سوريا، بالعربية أو الإنجليزية. مثلًا:',
  welcome: 'عفوًا! اسألني عن أي حادثة أخرى في شرق سوريا، بالعربية أو الإنجليزية.',
  followUpHowTo: 'لتسأل المزيد عن هذه الإجابة، ردّ عليها بسؤالك، مثلًا: «هل أُصيب أحد؟»',
  nonText: 'أستطيع قراءة الأسئلة المكتوبة فقط. يُرجى كتابة سؤالك بالعربية أو الإنجليزية.',
  otherLanguage: 'أستطيع قراءة الأسئلة بالعربية أو الإنجليزية فقط. يُرجى طرح سؤالك بإحداهما.',
  arabizi: 'لا أستطيع قراءة العربية المكتوبة بأحرف لاتينية. يُرجى كتابة سؤالك بالأحرف العربية أو بالإنجليزية.',
  checkWhat:
    'ما الذي تريد أن أتحقق منه؟ أرسل إليّ النص الذي تسأل عنه (أعد توجيه المنشور أو الصقه)، ثم ردّ عليه بسؤالك.',
  linkOnly:
    'لا أستطيع فتح الروابط. أرسل إليّ النص الذي تسأل عنه (أعد توجيه المنشور أو الصقه)، ثم ردّ عليه بسؤالك.',
  unknownCommand: `لا أعرف هذا الأمر. أرسل ${ltr('/help')} لمعرفة ما أستطيع فعله.`,
  rateLimited: (n) =>
    `أنت تسأل أسرع مما أستطيع الإجابة (${counted('ar', n, AR_QUESTIONS)} في الدقيقة على الأكثر). يُرجى الانتظار قليلًا ثم المحاولة مجددًا.`,
  tooFast: 'أنت ترسل الرسائل أسرع مما أستطيع الرد عليها. يُرجى الانتظار دقيقة ثم المحاولة مجددًا.',
  answeredJustNow: 'أجبتُ عن هذا السؤال للتو: هذه إجابتي.',
  apology: 'عذرًا، حدث خطأ أثناء الإجابة. يُرجى المحاولة مجددًا بعد قليل.',
  wrongNoted:
    'شكرًا لك: سجّلتُ أن هذه الإجابة خاطئة (👎)، كما يفعل زر 👎 تحتها. ويراجع المشرفون الإجابات المُعلَّمة هكذا.',
  correctionNoted:
    'شكرًا لك: سجّلتُ أن هذه الإجابة خاطئة (👎) واحتفظتُ بما كتبتَه للمشرفين، وهم يراجعون الإجابات المُعلَّمة هكذا. لتسألني عن ذلك، أرسل سؤالك وحده.',
  wrongHowTo:
    'شكرًا لملاحظتك. يمكن لصاحب السؤال أن يعلّم الإجابة بأنها خاطئة بزر 👎 تحتها، ويراجع المشرفون الإجابات المُعلَّمة هكذا.',
  wrongThanks: 'شكرًا لملاحظتك، لكن لا أستطيع تسجيلها هنا.',
  askAgain: 'عذرًا، أُعيد تشغيلي أثناء الإجابة عن هذا السؤال فلم أُكملها. يُرجى إرساله مجددًا.',
  sourcesHeading: 'المصادر',
  followsUp: 'قرأتُه متابعةً لسؤال:',
  alsoIn: 'ورد أيضًا في',
  unknownSource: 'مصدر غير معروف',
  dateUnknown: 'تاريخ غير معروف',
  articlesHeading: (shown, total) =>
    shown < total ? `المقالات (أحدث ${shown} من ${total})` : `المقالات (${total})`,
  noArticles: 'لا توجد مقالات في المجموعة بعد.',
  about: (v) => [
    `المقالات: ${v.articles} (${counted('ar', v.passages, AR_PASSAGES)})`,
    `التواريخ: ${v.range}`,
    `نموذج التضمين: ${v.embedder}`,
    `إصدار الفهرس: ${v.index}، أُنشئ في ${v.built}`,
  ],
  button: { up: '👍', down: '👎', sources: 'المصادر' },
  cb: {
    thanks: 'شكرًا على تقييمك!',
    thanksDown: 'شكرًا على تقييمك! لتخبر المشرفين بما هو خاطئ، ردّ على الإجابة: «خطأ: …».',
    invalid: 'عذرًا، لا أتعرف على هذا الزر.',
    gone: 'عذرًا، هذه الإجابة لم تعد متوفرة.',
    stale: 'عذرًا، هذه الإجابة قديمة؛ يُرجى طرح السؤال مجددًا.',
    notYours: 'يمكن لصاحب السؤال وحده تقييم هذه الإجابة.',
    adminsOnly: 'طُرح هذا السؤال باسم محادثة: يمكن لمشرفي هذه المجموعة وحدهم تقييم الإجابة.',
    noSources: 'لا تتضمن هذه الإجابة مقاطع مقتبسة.',
    sourcesJustSent: 'أُرسلت المقاطع المقتبسة للتو، ردًّا على هذه الإجابة.',
    notLogged: 'عذرًا، تعذّر تسجيل التقييم لهذه الإجابة.',
    tooFast: 'طلبات كثيرة في وقت قصير. يُرجى الانتظار دقيقة ثم المحاولة مجددًا.',
  },
  sourcesFor: (n) => `المقاطع المقتبسة (${n})`,
};

export function messages(lang: Language): Messages {
  return lang === 'ar' ? ar : en;
}

/**
 * The language to answer the person in: that of what they wrote, as answers are (an English
 * interface's Arabic question gets an Arabic answer, so its notices are Arabic too); for writing
 * without letters to tell ("2022?", a sticker, a bare command), Telegram's language code, else
 * English. An Arabic digit or ؟ in it says Arabic. Read as the answer reads the question
 * (questionLanguage): «شو صار بـ Green Village؟» is answered in Arabic, so its notices are Arabic.
 */
export function personLanguage(languageCode: string | undefined, text?: string): Language {
  const fromCode = languageCode?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
  return text ? questionLanguage(text, fromCode) : fromCode;
}
