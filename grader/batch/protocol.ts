/**
 * Messages between batch grading (the parent) and a sandboxed child (./child.ts).
 */
import { createHmac } from "node:crypto";
import type { ExerciseResult } from "../types.ts";

export type ChildRequest = {
  type: "grade";
  /** Signs the report. */
  secret: string;
  /** The compiled copy of the learner's exercises. */
  learnerDir: string;
  /** How the report names the graded folder. */
  source: string;
  hiddenSeed: number;
  memoryMb: number;
  /** Slugs of the exercises to grade (default: all). */
  only?: string[];
};

export type ChildMessage =
  | { type: "progress"; slug: string; status: ExerciseResult["status"]; points: number; maxPoints: number }
  | { type: "report"; payload: string; mac: string };

/** The report's signature: only the child's main thread holds the secret, learner code never does. */
export function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}
