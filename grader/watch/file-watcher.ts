/**
 * Tells when a file in some folders changes: `fs.watch` on each folder (a folder, not a file, so
 * an editor that saves by writing a new file and renaming it over the old one is still seen), or
 * polling `stat` every 100 ms where file events are not available (some network drives,
 * containers, WSL on a Windows folder, too many watchers). Polling is chosen with `poll`, and
 * taken over automatically when `fs.watch` throws or reports an error.
 */
import { readdirSync, statSync, watch as fsWatch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { join } from "node:path";

export type WatchFunction = (dir: string, listener: (event: string, filename: string | null) => void) => FSWatcher;

export type FileWatcherOptions = {
  /** Poll instead of using file events. */
  poll?: boolean;
  intervalMs?: number;
  /** The changed file's full path (the folder's, when the system does not say which file). */
  onChange: (path: string) => void;
  /** Called once when file events fail and polling takes over, with the reason. */
  onFallback?: (reason: string) => void;
  /** fs.watch, or a stand-in in the tests. */
  watch?: WatchFunction;
};

const defaultWatch: WatchFunction = (dir, listener) => fsWatch(dir, { persistent: true }, (event, filename) => listener(event, filename ?? null));

export class FileWatcher {
  mode: "events" | "polling";
  private readonly dirs = new Set<string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly stamps = new Map<string, Map<string, string>>();
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly o: FileWatcherOptions) {
    this.mode = o.poll ? "polling" : "events";
  }

  /** Watches exactly these folders (adds the new ones, stops watching the others). */
  setDirs(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const dir of [...this.dirs]) {
      if (wanted.has(dir)) continue;
      this.dirs.delete(dir);
      this.watchers.get(dir)?.close();
      this.watchers.delete(dir);
      this.stamps.delete(dir);
    }
    for (const dir of wanted) {
      if (this.dirs.has(dir)) continue;
      this.dirs.add(dir);
      if (this.mode === "events") this.watchDir(dir);
      else this.stamps.set(dir, this.scan(dir));
    }
    if (this.mode === "polling") this.startPolling();
  }

  close(): void {
    this.closed = true;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    clearInterval(this.timer);
  }

  private watchDir(dir: string): void {
    try {
      const w = (this.o.watch ?? defaultWatch)(dir, (_event, filename) => {
        if (!this.closed && this.mode === "events") this.o.onChange(filename ? join(dir, filename) : dir);
      });
      w.on("error", (e: Error) => this.fallBack(e));
      this.watchers.set(dir, w);
    } catch (e) {
      this.fallBack(e as Error);
    }
  }

  private fallBack(e: Error & { code?: string }): void {
    if (this.mode === "polling" || this.closed) return;
    this.mode = "polling";
    for (const w of this.watchers.values()) {
      try {
        w.close();
      } catch {
        // already broken
      }
    }
    this.watchers.clear();
    for (const dir of this.dirs) this.stamps.set(dir, this.scan(dir));
    this.startPolling();
    this.o.onFallback?.(e.code ? `${e.code}: ${e.message}` : e.message);
  }

  /** Each file's modification time, size and inode: any save changes at least one. */
  private scan(dir: string): Map<string, string> {
    const stamps = new Map<string, string>();
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return stamps;
    }
    for (const name of names) {
      if (!name.endsWith(".ts")) continue;
      try {
        const s = statSync(join(dir, name));
        if (s.isFile()) stamps.set(name, `${s.mtimeMs}:${s.size}:${s.ino}`);
      } catch {
        // removed between readdir and stat
      }
    }
    return stamps;
  }

  private startPolling(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.poll(), this.o.intervalMs ?? 100);
  }

  private poll(): void {
    for (const dir of this.dirs) {
      const before = this.stamps.get(dir) ?? new Map<string, string>();
      const now = this.scan(dir);
      this.stamps.set(dir, now);
      for (const [name, stamp] of now) if (before.get(name) !== stamp) this.o.onChange(join(dir, name));
      for (const name of before.keys()) if (!now.has(name)) this.o.onChange(join(dir, name));
    }
  }
}
