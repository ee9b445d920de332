// An answering thread that misbehaves on purpose (see test/answer/thread.test.ts): it speaks the
// protocol of AnswerThread (src/answer/thread.ts) and answers "crash" by dying, "throw" with an uncaught error, "fail" with an
// error, "slow" after 200 ms (closing does not wait for it), and anything else at once with the thread's id, to tell threads apart.
import { setTimeout } from 'node:timers';
import { parentPort, threadId, workerData } from 'node:worker_threads';

const port = parentPort;
const info = {
  articles: 1,
  passages: 1,
  earliest: null,
  latest: null,
  embedderId: 'test',
  indexVersion: 'test',
  builtAt: '',
};
const answer = (question) => ({
  question,
  language: 'en',
  abstained: false,
  text: `answered on thread ${threadId}`,
  citations: [],
  topScore: 1,
  embedderId: 'test',
  indexVersion: 'test',
  latencyMs: 0,
});

if (workerData.open.indexDir === 'unreadable') {
  port.postMessage({
    kind: 'not-opened',
    error: { name: 'IndexError', message: 'no index in unreadable: run npm run ingest' },
  });
} else {
  port.postMessage({ kind: 'progress', line: 'opening' });
  port.on('message', (cmd) => {
    if (cmd.kind === 'close') {
      port.close();
      return;
    }
    const { id, question } = cmd;
    if (question === 'crash') process.exit(3);
    if (question === 'throw') throw new Error('uncaught in the thread');
    if (question === 'fail') {
      port.postMessage({ kind: 'failed', id, error: { name: 'TypeError', message: 'it failed' } });
    } else if (question === 'slow') {
      setTimeout(() => port.postMessage({ kind: 'answered', id, answer: answer(question) }), 200);
    } else {
      port.postMessage({ kind: 'answered', id, answer: answer(question) });
    }
  });
  port.postMessage({ kind: 'ready', info, articles: [] });
}
