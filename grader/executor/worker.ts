/**
 * The executor in a worker thread: requests arrive on the parent port, replies leave by it.
 */
import { parentPort } from "node:worker_threads";
import { transferables } from "../protocol/index.ts";
import { startExecutor } from "./node-host.ts";

const port = parentPort!;
const post = port.postMessage.bind(port);
startExecutor({ send: (m) => post(m, transferables(m)), onRequest: (handler) => port.on("message", handler) });
