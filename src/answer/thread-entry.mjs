// The answering thread's entry (see AnswerThread in thread.ts). Plain JavaScript: a worker thread
// does not get tsx's loader, so this one registers it before loading the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
