/**
 * Independent scenarios started up front, a few at a time, so that a test file does not wait for
 * each one in turn (much of a scenario is waiting: an executor or a process starting, a time limit
 * running out).
 *
 *   const results = pooled(SCENARIOS, 2, (s) => grade(s));   // started now
 *   SCENARIOS.forEach((s, i) => test(s.name, async () => check(await results[i])));
 *
 * Each test still awaits and asserts on its own scenario's result; a scenario that throws fails its
 * own test (its rejection is not reported as unhandled before the test awaits it).
 */
export function pooled<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R>[] {
  const go: (() => void)[] = [];
  const results = items.map((item, i) => new Promise<void>((resolve) => (go[i] = resolve)).then(() => work(item, i)));
  for (const r of results) r.catch(() => {});
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      go[i]!();
      await results[i]!.catch(() => {});
    }
  };
  for (let k = 0; k < Math.max(1, size); k++) void lane();
  return results;
}

/** Runs `work` over the items, at most `size` at a time; resolves with every result once all are done. */
export function inPool<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return Promise.all(pooled(items, size, work));
}
