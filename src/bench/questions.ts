import fs from 'node:fs';

/**
 * The `question` fields of eval JSONL files, interleaved file by file (so a short Arabic and English
 * set is not drowned by a long one), then repeated in the same order until there are `n`.
 */
export function loadQuestions(files: readonly string[], n?: number): string[] {
  const sets = files.map((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const q = (JSON.parse(l) as { question?: unknown }).question;
        if (typeof q !== 'string' || !q.trim()) throw new Error(`${f}:${i + 1}: no "question" string`);
        return q;
      }),
  );
  const all: string[] = [];
  for (let i = 0; sets.some((s) => i < s.length); i++) {
    for (const s of sets) if (i < s.length) all.push(s[i]!);
  }
  if (!all.length) throw new Error(`no questions in ${files.join(', ')}`);
  if (n === undefined) return all;
  return Array.from({ length: n }, (_, i) => all[i % all.length]!);
}
