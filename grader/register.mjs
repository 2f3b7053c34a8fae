// `node --import ./grader/register.mjs grader/cli.ts`: TypeScript support for the CLI (every npm
// script), through the workbook's own small loader hook (executor/ts-hooks.mjs).
import { register } from "node:module";

process.setSourceMapsEnabled(true);
register("./executor/ts-hooks.mjs", import.meta.url);
