/**
 * What the exercise pages keep in the browser (localStorage): each exercise's code, the code a
 * reset replaced (for undo), hints seen, the last status (for the navigation), the watch switch.
 */
export const KEY = {
  code: (slug: string) => `dnn-workbook/v1/code/${slug}`,
  undo: (slug: string) => `dnn-workbook/v1/undo/${slug}`,
  hints: (slug: string) => `dnn-workbook/v1/hints/${slug}`,
  status: (slug: string) => `dnn-workbook/v1/status/${slug}`,
  watch: "dnn-workbook/v1/watch",
};

/** localStorage, or nothing when the browser refuses it (private mode, quota): the page still works. */
export const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): boolean {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing stored
    }
  },
};
