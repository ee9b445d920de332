import type { Worker } from 'node:worker_threads';

/** How long a thread asked to stop has before it is terminated. */
const STOP_GRACE_MS = 10_000;

/**
 * Waits for a hnswlib thread that has been asked to stop (it ends between two hnswlib calls) to
 * exit, terminating it only if it has not after STOP_GRACE_MS. Such a thread is not terminated
 * outright: terminating one while it is inside hnswlib makes hnswlib fail to raise its error in a
 * thread that is going away, and Node then aborts the whole process.
 */
export async function untilStopped(worker: Worker, exited: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => void worker.terminate().then(() => resolve()), STOP_GRACE_MS);
    timer.unref();
  });
  await Promise.race([exited, late]);
  clearTimeout(timer);
}
