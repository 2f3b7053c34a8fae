#!/usr/bin/env node
// The workbook's CLI as a command (`npx dnn-workbook grade`): TypeScript support, then grader/cli.ts.
import "../grader/register.mjs";

await import("../grader/cli.ts");
