// The answering thread: opens the question-answering core and answers what the main thread asks
// (see AnswerThread in thread.ts), several questions at once, as the core does on any thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openQA } from './index.js';
import {
  toThreadError,
  type AnswerThreadCommand,
  type AnswerThreadData,
  type AnswerThreadReply,
} from './thread.js';

const port = parentPort;
if (!port) throw new Error('thread-worker must run as a worker thread');
const post = (m: AnswerThreadReply) => port.postMessage(m);
const { config, open } = workerData as AnswerThreadData;

try {
  const qa = await openQA(config, { ...open, onProgress: (line) => post({ kind: 'progress', line }) });
  const inFlight = new Set<Promise<void>>();
  port.on('message', (cmd: AnswerThreadCommand) => {
    if (cmd.kind === 'answer') {
      const done = qa.answer(cmd.question, cmd.opts).then(
        (answer) => post({ kind: 'answered', id: cmd.id, answer }),
        (err: unknown) => post({ kind: 'failed', id: cmd.id, error: toThreadError(err) }),
      );
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
      return;
    }
    // Closing: the answers in flight are sent first; then the thread ends with its index closed.
    void Promise.allSettled(inFlight)
      .then(() => qa.close())
      .finally(() => port.close());
  });
  post({ kind: 'ready', info: qa.info(), articles: qa.listArticles() });
} catch (err) {
  post({ kind: 'not-opened', error: toThreadError(err) });
}
