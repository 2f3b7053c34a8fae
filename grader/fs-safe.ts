/**
 * Writing files without losing anything: atomic writes and timestamped backups.
 */
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ROOT } from "./exercises.ts";

/** Where backups and progress live, inside the workbook. */
export const STATE_DIR = ".dnn-workbook";

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Copies `file` to `.dnn-workbook/backups/<name>.<timestamp>.ts` (byte for byte) and returns the copy's path. */
export function backupFile(file: string, root = ROOT): string {
  const dir = join(root, STATE_DIR, "backups");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const name = basename(file).replace(/(\.[^.]+)$/, `.${stamp}$1`);
  const target = join(dir, name);
  copyFileSync(file, target);
  return target;
}
