import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';

it('.env.example documents every setting of src/config.ts, each with a comment, without values', () => {
  const source = fs.readFileSync('src/config.ts', 'utf8');
  const schema = source.slice(
    source.indexOf('const schema = z.object({'),
    source.indexOf('});', source.indexOf('const schema')),
  );
  const settings = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
  assert.ok(settings.length > 20);
  const lines = fs.readFileSync('.env.example', 'utf8').split('\n');
  for (const name of settings) {
    const i = lines.findIndex((l) => l.startsWith(`${name}=`));
    assert.ok(i > 0, `${name} is missing from .env.example`);
    assert.equal(lines[i], `${name}=`, `${name} must have no value in .env.example`);
    assert.match(lines[i - 1] ?? '', /^# \S/, `${name} needs a comment line above it`);
  }
});
