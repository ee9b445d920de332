import fs from 'node:fs';
import readline from 'node:readline';

/**
 * For `npm run eval -- --follow-ups`: passes the scorer's {"id","question"} lines on to the batch
 * command with "previous" set to the question before it in SET (the dev sets ask about one
 * paragraph after another, often without naming it again: "متى اصدرت؟"), as a person replying to
 * the bot's last answer would. Usage: tsx scripts/follow-ups.ts SET < lines > lines
 */
const set = process.argv[2];
if (!set) {
  console.error('usage: tsx scripts/follow-ups.ts SET');
  process.exit(2);
}
const before = new Map<unknown, string>();
let last: string | undefined;
for (const line of fs.readFileSync(set, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const q = JSON.parse(line) as { id: unknown; question: string };
  if (last !== undefined) before.set(q.id, last);
  last = q.question;
}
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const req = JSON.parse(line) as { id: unknown };
  process.stdout.write(JSON.stringify({ ...req, previous: before.get(req.id) }) + '\n');
}
