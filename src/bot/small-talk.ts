import { normalize, tokenize } from '../text/index.js';

/**
 * Greetings and thanks, with nothing else: searched as questions they found passages (مرحبا
 * shares its letters with الرحبة, the Rahba castle). They get the bot's introduction instead.
 * Compared word by word after the analyser's normalisation (alef and teh marbuta forms, case, diacritics).
 */
const PHRASES = [
  // Arabic
  'مرحبا',
  'مرحبا بك',
  'مرحبتين',
  'اهلا',
  'اهلا وسهلا',
  'اهلين',
  'هلا',
  'السلام عليكم',
  'سلام عليكم',
  'السلام عليكم ورحمة الله',
  'السلام عليكم ورحمة الله وبركاته',
  'سلام',
  'صباح الخير',
  'مساء الخير',
  'شكرا',
  'شكرا لك',
  'شكرا جزيلا',
  'مشكور',
  'يعطيك العافية',
  'كيف حالك',
  // English
  'hi',
  'hello',
  'hey',
  'hi there',
  'hello there',
  'good morning',
  'good afternoon',
  'good evening',
  'thanks',
  'thank you',
  'thanks a lot',
  'thank you very much',
  'how are you',
];

const key = (text: string) => tokenize(normalize(text)).join(' ');
const KNOWN = new Set(PHRASES.map(key));

/** Whether `text` is only a greeting or thanks (punctuation, emoji and the bot's name aside). */
export function isSmallTalk(text: string): boolean {
  return KNOWN.has(key(text.replace(/@\w+/g, ' ')));
}
