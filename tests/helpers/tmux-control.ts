/**
 * A tmux session driven through one control-mode client (`tmux -C`), for the terminal tests: commands
 * go down the client's stdin and their output comes back on its stdout, so reading the screen starts
 * no process, and the client's %output notifications say when the screen may have changed, so a
 * wait reads the screen again only then (no polling, no fixed sleeps).
 *
 *   const s = await TmuxSession.start(socket, "main", 120, 50, "node grader/main.mjs grade --watch");
 *   const text = await s.waitFor(/run 1\b/);
 *   await s.keys("q");
 *   s.close();
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";

/** Text for a tmux command line: one argument, quoted. */
const arg = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class TmuxSession {
  private readonly client: ChildProcessWithoutNullStreams;
  /** Replies to commands, in the order they were sent. */
  private readonly replies: { resolve: (lines: string[]) => void; reject: (e: Error) => void }[] = [];
  private block: string[] | undefined;
  private buffered = "";
  /** Bumped on every output of the session's pane; waits for a change compare it. */
  private changes = 0;
  private wake: (() => void)[] = [];
  private closed = false;

  private constructor(
    readonly socket: string,
    readonly name: string,
    command: string,
    width: number,
    height: number,
  ) {
    // The client creates the session; its own size would resize the window, so the window keeps the size given here.
    this.client = spawn("tmux", ["-L", socket, "-C", "new-session", "-s", name, "-x", String(width), "-y", String(height), command], { stdio: ["pipe", "pipe", "pipe"] });
    this.client.stdout.setEncoding("utf8");
    this.client.stdout.on("data", (chunk: string) => this.read(chunk));
    this.client.stderr.resume();
    this.client.on("close", () => {
      this.closed = true;
      for (const r of this.replies.splice(0)) r.reject(new Error(`the tmux client of ${name} ended`));
      this.notify();
    });
  }

  /** Sessions being created, by socket: one at a time, as two clients starting the server at once may both fail. */
  private static creating = new Map<string, Promise<unknown>>();

  /** A new session running `command` in a `width` × `height` window. */
  static start(socket: string, name: string, width: number, height: number, command: string): Promise<TmuxSession> {
    const create = async () => {
      const s = new TmuxSession(socket, name, command, width, height);
      // The session's creation is answered first; then its window keeps its size whatever the client's.
      await new Promise<string[]>((resolve, reject) => s.replies.push({ resolve, reject }));
      await s.command(`set-option -t ${arg(name)} window-size manual`);
      await s.command(`resize-window -t ${arg(name)} -x ${width} -y ${height}`);
      return s;
    };
    const before = TmuxSession.creating.get(socket) ?? Promise.resolve();
    const created = before.then(create, create);
    TmuxSession.creating.set(socket, created.catch(() => {}));
    return created;
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    for (let nl = this.buffered.indexOf("\n"); nl >= 0; nl = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (this.block) {
        if (/^%(end|error) \d+ \d+ \d+$/.test(line)) {
          const lines = this.block;
          this.block = undefined;
          const reply = this.replies.shift();
          if (line.startsWith("%error")) reply?.reject(new Error(`tmux: ${lines.join("\n")}`));
          else reply?.resolve(lines);
        } else this.block.push(line);
      } else if (/^%begin \d+ \d+ \d+$/.test(line)) this.block = [];
      else if (line.startsWith("%output ")) {
        this.changes++;
        this.notify();
      }
    }
  }

  private notify(): void {
    for (const w of this.wake.splice(0)) w();
  }

  /** Runs one tmux command; resolves with its output lines. */
  command(text: string): Promise<string[]> {
    if (this.closed) return Promise.reject(new Error(`the tmux client of ${this.name} has ended`));
    return new Promise((resolve, reject) => {
      this.replies.push({ resolve, reject });
      this.client.stdin.write(`${text}\n`);
    });
  }

  /** The visible screen, wrapped lines joined. */
  async screen(): Promise<string> {
    return (await this.command(`capture-pane -p -J -t ${arg(this.name)}`)).join("\n");
  }

  /** Types keys, as `tmux send-keys` does ("q", "C-c"). */
  async keys(...keys: string[]): Promise<void> {
    await this.command(`send-keys -t ${arg(this.name)} ${keys.map(arg).join(" ")}`);
  }

  /**
   * Reads the screen until `ok` holds, again each time the pane has had output since the last read;
   * throws with the last screen after `ms`.
   */
  async waitFor(ok: (text: string) => boolean, ms: number, what: string): Promise<string> {
    const until = Date.now() + ms;
    for (;;) {
      const seen = this.changes;
      const text = await this.screen();
      if (ok(text)) return text;
      const left = until - Date.now();
      if (left <= 0 || this.closed) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
      if (this.changes === seen) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          this.wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  /** Ends the control client (the session lives on until the server is killed). */
  close(): void {
    if (!this.closed) this.client.stdin.end();
  }
}
