import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Article } from '../../src/corpus/types.js';
import { tmpDir } from './tmp.js';

export { tmpDir };

export const SEEDS_DIR = path.resolve('data/articles');

/** A copy of the project's seed articles in a temporary folder, to change freely. */
export function copySeeds(): string {
  const dir = tmpDir('iqa-src-');
  for (const f of fs.readdirSync(SEEDS_DIR)) fs.copyFileSync(path.join(SEEDS_DIR, f), path.join(dir, f));
  return dir;
}

/** Writes articles of the given ids and texts, without metadata, to a JSONL file in `dir`; returns its path. */
export function articlesJsonl(dir: string, articles: { id: string; text: string }[]): string {
  const file = path.join(dir, 'articles.jsonl');
  const lines = articles.map((a) =>
    JSON.stringify({ ...a, title: null, source: 'test', published: null, url: null }),
  );
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const WORDS = [
  'قصف',
  'التحالف',
  'الدولي',
  'مواقع',
  'الميليشيات',
  'في',
  'ريف',
  'دير',
  'الزور',
  'الشرقي',
  'صواريخ',
  'قاعدة',
  'هجوم',
  'طائرة',
  'مسيرة',
  'بيان',
  'مقتل',
  'عنصر',
  'إصابة',
  'مدنيين',
  'سوق',
  'مدينة',
  'نهر',
];

/** A deterministic synthetic JSONL corpus of `n` articles (optionally gzipped). */
export function syntheticJsonl(file: string, n: number, opts: { gzip?: boolean; seed?: number } = {}): void {
  let x = opts.seed ?? 1;
  const rand = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const paras: string[] = [];
    for (let p = 0; p < 3; p++) {
      const sentences: string[] = [];
      for (let s = 0; s < 3; s++) {
        const words = Array.from(
          { length: 8 + Math.floor(rand() * 10) },
          () => WORDS[Math.floor(rand() * WORDS.length)],
        );
        sentences.push(`${words.join(' ')} ${i}.`);
      }
      paras.push(sentences.join(' '));
    }
    lines.push(
      JSON.stringify({
        id: `syn-${i}`,
        title: `خبر ${i}`,
        source: 'Synthetic',
        published: `2018-0${1 + (i % 9)}-1${i % 10}T10:00:00+03:00`,
        url: null,
        text: paras.join('\n'),
      }),
    );
  }
  const data = lines.join('\n') + '\n';
  fs.writeFileSync(file, opts.gzip ? zlib.gzipSync(data) : data);
}

/** An Arabic article with the given body and nothing else known about it. */
export function bareArticle(text: string, id = 'a'): Article {
  return {
    id,
    title: null,
    source: null,
    published: null,
    publishedPrecision: 'unknown',
    url: null,
    language: 'ar',
    text,
    origin: 'test',
  };
}
