/**
 * One submission's grading, in a child process under Node's permission model (see ./sandbox.ts).
 * It runs compiled, from the mirror (./compile.ts): the parent sends a request over IPC, the child
 * grades every exercise with the Runner (a worker thread, per-exercise time limits, a heap limit)
 * and sends the report back, signed with the request's secret. Learner code runs in the worker and
 * never sees the secret, so it cannot forge a report through the channel's file descriptor.
 */
import { listExercises } from "../exercises.ts";
import { Runner } from "../runner/index.ts";
import { totalsOf } from "../types.ts";
import type { ExerciseResult, GradeReport } from "../types.ts";
import { sign } from "./protocol.ts";
import type { ChildMessage, ChildRequest } from "./protocol.ts";

async function gradeSubmission(req: ChildRequest): Promise<GradeReport> {
  const runner = new Runner({ learnerDir: req.learnerDir, hiddenSeed: req.hiddenSeed, memoryMb: req.memoryMb });
  const exercises = listExercises().filter((e) => !req.only || req.only.includes(e.slug));
  try {
    const results: ExerciseResult[] = [];
    for (const ex of exercises) {
      const r = await runner.grade(ex);
      results.push(r);
      process.send?.({ type: "progress", slug: ex.slug, status: r.status, points: r.points, maxPoints: r.maxPoints } satisfies ChildMessage);
    }
    return { workbook: "dnn-workbook", version: 1, source: req.source, hiddenSeed: runner.hiddenSeed, results, totals: totalsOf(results) };
  } finally {
    await runner.close();
  }
}

if (process.send) {
  process.once("message", async (req: ChildRequest) => {
    const report = await gradeSubmission(req);
    const payload = JSON.stringify(report);
    process.send!({ type: "report", payload, mac: sign(req.secret, payload) } satisfies ChildMessage, () => process.exit(0));
  });
}
