// The lessons' generated figures: the committed files are what `npm run figures` draws from the
// workbook's code (for the figures without timings or training: the same bytes everywhere), the
// Korean versions of the hand-drawn figures are up to date, and the numbers the charts are drawn
// from come from the workbook's functions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIGURES_DIR } from "../grader/lessons/lessons.ts";
import { activationCurves, backpropVsFiniteDifferences, parameterCount, vectorization } from "../grader/lessons/figures/data.ts";
import { LECTURES, deterministicFigures, figureFiles, translatedFigures } from "../grader/lessons/figures/index.ts";

const committed = (file: string): string => readFileSync(join(FIGURES_DIR, file), "utf8");

test("the committed figures are what npm run figures draws (activations, graph, hierarchy, cycle, course map)", async () => {
  for (const figure of await deterministicFigures()) {
    for (const [file, text] of Object.entries(figureFiles(figure))) {
      assert.ok(committed(file) === text, `lessons/figures/${file} differs from what npm run figures draws: run npm run figures`);
    }
  }
});

test("the Korean hand-drawn figures are the translations of the English ones", () => {
  const files = translatedFigures();
  assert.is(Object.keys(files).length, 6);
  for (const [file, text] of Object.entries(files)) {
    assert.ok(committed(file) === text, `lessons/figures/${file} is stale: run npm run figures`);
    assert.match(text, /[가-힣]/, `${file} has Korean text`);
  }
});

test("the activation curves come from the workbook's functions: σ(0) = 0.5, σ′(0) = 0.25, ReLU′ is 0 then 1", () => {
  const c = activationCurves();
  const at = (curve: [number, number][], z: number) => curve.find(([x]) => Math.abs(x - z) < 1e-9)![1];
  assert.is(at(c.sigmoid, 0), 0.5);
  assert.is(at(c.sigmoidSlope, 0), 0.25);
  assert.is(at(c.reluSlope, 0), 0, "ReLU′(0) = 0, as the course takes it");
  assert.is(at(c.reluSlope, 1), 1);
  assert.is(at(c.relu, -2), 0);
});

test("finite differences and backpropagation agree, and finite differences take two forward passes per parameter", () => {
  const r = backpropVsFiniteDifferences([784, 2, 1], 4);
  assert.is(r.parameters, parameterCount([784, 2, 1]));
  assert.is(r.forwardPasses, 2 * r.parameters);
  assert.ok(r.relativeDifference < 1e-7, `relative difference ${r.relativeDifference}`);
});

test("vectorization: the loop over examples and the matrix product compute the same Z (checked inside, before timing)", () => {
  const rows = vectorization([3]);
  assert.is(rows[0]!.m, 3);
  assert.ok(rows[0]!.loopMs >= 0 && rows[0]!.matrixMs >= 0);
});

test("the course map lists the notes' 8 lectures once each, each with an existing lesson", () => {
  assert.equal(LECTURES.map((l) => l.order), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal([...LECTURES.map((l) => l.uploaded)].sort(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(LECTURES.map((l) => l.lesson).sort(), ["01", "02", "03", "04", "05", "06", "07", "08"]);
});

test.run();
