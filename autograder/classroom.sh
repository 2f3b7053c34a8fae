#!/usr/bin/env bash
# GitHub Classroom runs this (from .github/workflows/classroom.yml) in the learner's repository.
# It grades what the learner committed as a one-learner batch: the same discovery rule as batch
# grading and Gradescope (grader/batch/discover.ts), the same sandbox, ONE seed for the whole run.
# It writes results.json (the JSON report), classroom.json (the payload of Classroom's grading
# reporter) and, on GitHub Actions, the step output `result` (that payload, base64-encoded).
set -uo pipefail
cd "$(dirname "$0")/.."

# One seed per run, from the run's id (a re-run of the same run grades with the same cases).
SEED="${SEED:-$(( ${GITHUB_RUN_ID:-0} % 4294967296 ))}"
WORK="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dnn-grading-$$"
rm -rf "$WORK"
mkdir -p "$WORK/submissions/submission"
# What the learner committed; outside a git repository, the files as they are.
if git rev-parse --verify HEAD >/dev/null 2>&1; then
  git archive HEAD | tar -x -C "$WORK/submissions/submission"
else
  tar -c --exclude=./node_modules --exclude=./.git . | tar -x -C "$WORK/submissions/submission"
fi

status=0
node --import ./grader/register.mjs grader/cli.ts grade --submissions "$WORK/submissions" --out "$WORK/grades" --seed "$SEED" \
  --reporter json --output "$WORK/batch.json" --quiet || status=$?
if [ "$status" -eq 0 ] && [ -f "$WORK/grades/submission/classroom.json" ]; then
  cp "$WORK/grades/submission/results.json" results.json
  cp "$WORK/grades/submission/classroom.json" classroom.json
else
  # The grader itself failed: say so (not the learner's mistake), and report no points rather than 0.
  node -e '
    const msg = `The grader failed (exit code ${process.argv[1]}): this is not your code. See the job log; your instructor can re-run it.`;
    require("node:fs").writeFileSync("classroom.json", JSON.stringify({ version: 1, status: "error", max_score: 0, tests: [{ name: "grading", status: "error", score: 0, message: msg, line_no: 0, execution_time: "0s" }] }, null, 2) + "\n");
  ' "$status"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "result=$(base64 -w0 < classroom.json)" >> "$GITHUB_OUTPUT"
fi
rm -rf "$WORK"
exit 0
