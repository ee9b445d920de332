/**
 * The requests a worker thread owes replies to, by id. The thread is held open (ref'd) only while
 * one is waiting, so that a thread nobody is waiting on never keeps the process alive.
 */
export class ThreadReplies<T> {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: T) => void; reject: (err: Error) => void }>();

  /** `hold(true)` as the first request starts waiting, `hold(false)` when the last is settled. */
  constructor(private readonly hold: (held: boolean) => void) {}

  get size(): number {
    return this.waiting.size;
  }

  /** A new request: `send` posts it to the thread under its id; the promise settles with the reply. */
  request(send: (id: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.waiting.size) this.hold(true);
      this.waiting.set(id, { resolve, reject });
      send(id);
    });
  }

  resolve(id: number, value: T): void {
    this.take(id)?.resolve(value);
  }

  reject(id: number, err: Error): void {
    this.take(id)?.reject(err);
  }

  /** Every request still waiting fails with `err` (the thread has stopped, or the index closed). */
  rejectAll(err: Error): void {
    for (const id of [...this.waiting.keys()]) this.reject(id, err);
  }

  private take(id: number) {
    const w = this.waiting.get(id);
    if (!w) return undefined;
    this.waiting.delete(id);
    if (!this.waiting.size) this.hold(false);
    return w;
  }
}
