/**
 * Several pages of one headless Chromium working at once, for the tests that load every book page
 * or every exercise page: much of a page's time is the driver's round trips and the page's own
 * waits, which overlap.
 *
 *   const pages = await windows(opener, 4);
 *   await eachOnPages(pages, files, async (page, file) => { await page.goto(…); … });
 *
 * Each page is a window of its own: the pages a browser context makes are tabs of one window, and
 * Chromium draws the tabs behind at one frame a second, which makes each of Playwright's waits for
 * an animation frame (a click's) take seconds. A popup is a window of the opener's context (its
 * storage) and costs far less than a new context (a window with a browser UI of its own). A page
 * that loads one page after another costs less than a new page each time.
 */
import type { Page } from "playwright-core";

/** `count` new windows of `opener`'s browser context, each with a blank page and no link back to `opener` (window.opener is null). */
export async function windows(opener: Page, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const [page] = await Promise.all([opener.waitForEvent("popup"), opener.evaluate(() => void window.open("about:blank", "_blank", "popup,noopener"))]);
    pages.push(page);
  }
  return pages;
}

/**
 * Runs `work` on every item, on all `pages` at once (pages, or anything that holds one): each page
 * takes the next item when it is done with one, in the items' order. After a failure no page takes
 * another item; the first failure is thrown once every page has stopped.
 */
export async function eachOnPages<P, T>(pages: readonly P[], items: readonly T[], work: (page: P, item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  await Promise.all(
    pages.map(async (page) => {
      try {
        while (!failed && next < items.length) await work(page, items[next++]!);
      } catch (error) {
        failed ??= { error };
      }
    }),
  );
  if (failed) throw failed.error;
}
