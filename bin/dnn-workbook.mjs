#!/usr/bin/env node
// The workbook's CLI as a command (`npx dnn-workbook grade`): the same entry as the npm scripts.
await import("../grader/main.mjs");
