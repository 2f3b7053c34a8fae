/**
 * Independent scenarios started up front, a few at a time, so that a test file does not wait for
 * each one in turn (much of a scenario is waiting: an executor or a process starting, a time limit
 * running out).
 *
 *   const results = pooled(SCENARIOS, 2, (s) => grade(s));   // started now
 *   SCENARIOS.forEach((s, i) => test(s.name, async () => check(await results[i])));
 *
 *   // The same, each lane with a worker of its own (a grader whose executor serves its scenarios):
 *   const results = pooledOn([graderA, graderB], SCENARIOS, (grader, s) => grader.grade(s));
 *
 * Each test still awaits and asserts on its own scenario's result; a scenario that throws fails its
 * own test (its rejection is not reported as unhandled before the test awaits it).
 */
export function pooled<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R>[] {
  return pooledOn(Array.from({ length: Math.max(1, size) }, () => undefined), items, (_, item, i) => work(item, i));
}

/**
 * As pooled, one lane per worker: each lane takes the next item when it is done with one, in the
 * items' order, and hands it to `work` with its own worker, so a worker serves one item at a time.
 */
export function pooledOn<W, T, R>(workers: readonly W[], items: readonly T[], work: (worker: W, item: T, index: number) => Promise<R>): Promise<R>[] {
  const go: ((worker: W) => void)[] = [];
  const results = items.map((item, i) => new Promise<W>((resolve) => (go[i] = resolve)).then((worker) => work(worker, item, i)));
  for (const r of results) r.catch(() => {});
  let next = 0;
  const lane = async (worker: W) => {
    for (let i = next++; i < items.length; i = next++) {
      go[i]!(worker);
      await results[i]!.catch(() => {});
    }
  };
  for (const worker of workers) void lane(worker);
  return results;
}

/** Runs `work` over the items, at most `size` at a time; resolves with every result once all are done. */
export function inPool<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return Promise.all(pooled(items, size, work));
}
