/**
 * The executor in a sandboxed child process (batch grading): requests arrive on file descriptor 3,
 * one JSON line each (the protocol's text form), and replies leave the same way. The parent, which
 * runs the judge, reads nothing else from this process: not its stdout, not its exit code.
 */
import { Socket } from "node:net";
import { fromText, toText } from "../protocol/index.ts";
import { endProcess, startExecutor } from "./node-host.ts";

const channel = new Socket({ fd: 3, readable: true, writable: true });
const write = channel.write.bind(channel);
let buffered = "";
let handler: ((raw: unknown) => void) | undefined;
channel.setEncoding("utf8");
channel.on("data", (chunk: string) => {
  buffered += chunk;
  for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    let message: unknown;
    try {
      message = fromText(line);
    } catch {
      continue;
    }
    handler?.(message);
  }
});
// The parent is gone: so is the reason to exist.
channel.on("end", () => endProcess(0));
channel.on("error", () => {});

startExecutor({ send: (m) => void write(`${toText(m)}\n`), onRequest: (h) => (handler = h) });
