/**
 * A bound on how many commands run at once in this process. Doors acknowledge first and work after, so
 * without a bound a burst queues unbounded work inside the database: transactions wait on row locks and
 * pool connections until they time out. Waiting here instead holds nothing.
 */
export function workLimit(max: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      // Let pending I/O (the acks of new requests) run before this command: on the embedded engine queries
      // resolve without ever returning to the event loop, so back-to-back commands would starve it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
