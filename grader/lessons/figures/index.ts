// `npm run figures`: draws the lessons' generated figures from the workbook's own code and writes
// them to lessons/figures/ — an SVG per language (NAME.svg, NAME.ko.svg) and a text drawing for
// the terminal (NAME.txt, NAME.ko.txt). Charts come from real runs of the reference solutions;
// the timings measure the machine that runs this script. Also writes the Korean versions of the
// hand-drawn figures (NAME.ko.svg) from their English originals and the table in TRANSLATIONS.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lineChart } from "../../train/chart.ts";
import { FIGURES_DIR } from "../lessons.ts";
import { activationCurves, backpropVsFiniteDifferences, layerGraph, learningRateCurves, networkGraph, vectorization } from "./data.ts";
import type { Lang, Text2 } from "./svg.ts";
import { COLORS, arrow, circle, fmt, line, lineChartSvg, math, path, rect, svgDocument, text } from "./svg.ts";

export type Figure = { name: string; svg: Record<Lang, string>; txt: Record<Lang, string> | string };
const LANGS: Lang[] = ["en", "ko"];
const both = (f: (lang: Lang) => string): Record<Lang, string> => ({ en: f("en"), ko: f("ko") });
const t = (lang: Lang, s: Text2): string => s[lang];

function activations(): Figure {
  const c = activationCurves();
  const svg = both((lang) =>
    svgDocument(
      820,
      330,
      t(lang, { en: "The sigmoid and ReLU, and their slopes", ko: "시그모이드와 ReLU, 그리고 그 기울기" }),
      t(lang, {
        en: "Left: σ(z) and σ′(z) = σ(z)(1 − σ(z)), largest (0.25) at z = 0 and nearly 0 for large |z|. Right: ReLU(z) = max(0, z) and its slope, 0 for z ≤ 0 and 1 for z > 0. Computed with the workbook's sigmoid, relu, sigmoidBackward and reluBackward.",
        ko: "왼쪽: σ(z)와 σ′(z) = σ(z)(1 − σ(z)). z = 0에서 가장 크고(0.25) |z|가 크면 거의 0입니다. 오른쪽: ReLU(z) = max(0, z)와 그 기울기. z ≤ 0이면 0, z > 0이면 1입니다. 워크북의 sigmoid, relu, sigmoidBackward, reluBackward로 계산했습니다.",
      }),
      [
        ...lineChartSvg({ x: 0, y: 0, w: 410, h: 330 }, [
          { name: "σ(z)", points: c.sigmoid },
          { name: "σ′(z)", points: c.sigmoidSlope, dash: true },
        ], { xLabel: "z", yLabel: "", title: t(lang, { en: "sigmoid", ko: "시그모이드" }), yMin: 0, yMax: 1, legend: "top-right" }),
        ...lineChartSvg({ x: 410, y: 0, w: 410, h: 330 }, [
          { name: "ReLU(z)", points: c.relu, color: COLORS[2] },
          { name: "ReLU′(z)", points: c.reluSlope, color: COLORS[1], dash: true },
        ], { xLabel: "z", yLabel: "", title: "ReLU", yMin: 0, yMax: 6, legend: "top-right" }),
      ],
    ),
  );
  const chart = (a: [number, number][], b: [number, number][]) =>
    lineChart([{ name: "f", points: a }, { name: "f′", points: b }], { width: 36, height: 6, color: false, xLabel: "z" });
  const left = chart(c.sigmoid, c.sigmoidSlope);
  const right = chart(c.relu, c.reluSlope);
  const rows = left.map((l, i) => `${l.padEnd(38)}${right[i] ?? ""}`);
  const txt = both((lang) => [t(lang, { en: "sigmoid: • σ(z)  + σ′(z)               ReLU: • ReLU(z)  + ReLU′(z)", ko: "시그모이드: • σ(z)  + σ′(z)           ReLU: • ReLU(z)  + ReLU′(z)" }), ...rows].join("\n"));
  return { name: "activations", svg, txt };
}

function learningRates(): Figure {
  const runs = learningRateCurves();
  const series = runs.map((r) => ({ name: `α = ${r.lr}`, points: r.costs }));
  const svg = both((lang) =>
    svgDocument(
      720,
      380,
      t(lang, { en: "Cost curves for four learning rates", ko: "학습률 네 가지의 비용 곡선" }),
      t(lang, {
        en: `The cost J of npm run train's network (784, 20, 7, 5, 1 units) over 300 iterations of gradient descent, once per learning rate: ${runs.map((r) => `α = ${r.lr} ends at ${fmt(r.costs.at(-1)![1], 3)}`).join(", ")}. Too small a rate is slow; the larger rates overshoot and their curves jump.`,
        ko: `npm run train 신경망(유닛 784, 20, 7, 5, 1)의 비용 J를 학습률마다 경사 하강법 300번 동안 그렸습니다: ${runs.map((r) => `α = ${r.lr}는 ${fmt(r.costs.at(-1)![1], 3)}에서 끝남`).join(", ")}. 학습률이 너무 작으면 느리고, 큰 학습률은 골짜기를 넘어가서 곡선이 튑니다.`,
      }),
      lineChartSvg({ x: 0, y: 0, w: 720, h: 380 }, series, { xLabel: t(lang, { en: "iteration", ko: "반복" }), yLabel: t(lang, { en: "cost J", ko: "비용 J" }), yMin: 0, yMax: Math.ceil(Math.max(...runs.flatMap((r) => r.costs.map((p) => p[1]))) * 5) / 5, legend: "top-right" }),
    ),
  );
  const txt = lineChart(series.map((s) => ({ ...s, points: s.points.filter((_, i) => i % 2 === 0) })), { width: 70, height: 10, color: false, xLabel: "iteration" }).join("\n") +
    "\n" + series.map((s, k) => `${["•", "+", "x", "o"][k]} ${s.name}`).join("   ");
  return { name: "learning_rates", svg, txt };
}

function vectorized(): Figure {
  const rows = vectorization();
  const max = Math.max(...rows.map((r) => r.loopMs));
  const svg = both((lang) => {
    const body: string[] = [text(360, 24, t(lang, { en: "Layer 1 of npm run train's network, Z = W·X + b, W of shape (20, 784)", ko: "npm run train 신경망의 1층, Z = W·X + b, W의 모양은 (20, 784)" }), { cls: "title" })];
    rows.forEach((r, k) => {
      const y = 60 + k * 88;
      const scale = (ms: number) => Math.max(2, (ms / max) * 440);
      body.push(text(20, y + 22, `m = ${r.m}`, { anchor: "start", weight: 600 }));
      body.push(rect(130, y, scale(r.loopMs), 26, "#fde7d9", COLORS[1]!, 3), text(140 + scale(r.loopMs), y + 18, `${fmt(r.loopMs, 2)} ms  ${t(lang, { en: "loop over the examples", ko: "샘플마다 반복" })}`, { anchor: "start", cls: "small" }));
      body.push(rect(130, y + 32, scale(r.matrixMs), 26, "#dbe8fb", COLORS[0]!, 3), text(140 + scale(r.matrixMs), y + 50, `${fmt(r.matrixMs, 2)} ms  ${t(lang, { en: "one matrix product", ko: "행렬곱 한 번" })}  (${fmt(r.loopMs / r.matrixMs, 1)}×)`, { anchor: "start", cls: "small" }));
    });
    body.push(text(360, 60 + rows.length * 88 + 8, t(lang, { en: "median of 9 runs with lib/np, measured by npm run figures", ko: "lib/np로 9번 잰 중앙값, npm run figures가 측정" }), { cls: "small" }));
    return svgDocument(720, 90 + rows.length * 88, t(lang, { en: "Vectorization, measured", ko: "벡터화의 효과, 실측" }), t(lang, {
      en: `Time to compute layer 1 for m digits: ${rows.map((r) => `m = ${r.m}: ${fmt(r.loopMs, 2)} ms in a loop over the examples, ${fmt(r.matrixMs, 2)} ms as one matrix product (${fmt(r.loopMs / r.matrixMs, 1)} times faster)`).join("; ")}.`,
      ko: `숫자 m개에 대해 1층을 계산하는 시간: ${rows.map((r) => `m = ${r.m}: 샘플마다 반복하면 ${fmt(r.loopMs, 2)} ms, 행렬곱 한 번이면 ${fmt(r.matrixMs, 2)} ms(${fmt(r.loopMs / r.matrixMs, 1)}배 빠름)`).join("; ")}.`,
    }), body);
  });
  const txt = both((lang) => [
    t(lang, { en: "  Z = W·X + b, W (20, 784)", ko: "  Z = W·X + b, W (20, 784)" }),
    t(lang, { en: "            loop over examples   one matrix product   speed-up", ko: "            샘플마다 반복        행렬곱 한 번         속도 향상" }),
    ...rows.map((r) => `  m = ${String(r.m).padEnd(6)}${`${fmt(r.loopMs, 2)} ms`.padStart(15)}${`${fmt(r.matrixMs, 2)} ms`.padStart(21)}${`${fmt(r.loopMs / r.matrixMs, 1)}×`.padStart(11)}`),
  ].join("\n"));
  return { name: "vectorization", svg, txt };
}

function graph(): Figure {
  const g = layerGraph();
  const v = (x: number) => fmt(x, 4);
  const svg = both((lang) => {
    const body: string[] = [];
    // inputs
    const inputs: [string, string, string, number][] = [
      ["a[1]", `(${g.aPrev.map(v).join(", ")})`, `da[1] = (${g.daPrev.map(v).join(", ")})`, 70],
      ["W[2]", `(${g.W.map(v).join(", ")})`, `dW[2] = (${g.dW.map(v).join(", ")})`, 170],
      ["b[2]", v(g.b), `db[2] = ${v(g.db)}`, 270],
    ];
    const node = (x: number, y: number, label: string, fill: string) => [circle(x, y, 26, fill), math(x, y + 6, label, { size: 17 })];
    for (const [name, fwd, bwd, y] of inputs) {
      body.push(rect(20, y - 28, 190, 56, "#eef4ff", "#94a3b8", 6), math(115, y - 6, name, { size: 17 }), text(115, y + 14, fwd, { cls: "small mono" }));
      body.push(text(20, y + 44, bwd, { anchor: "start", cls: "small mono", fill: COLORS[1] }));
    }
    body.push(...node(330, 120, "×", "#ffffff"), ...node(450, 170, "+", "#ffffff"), ...node(570, 170, "σ", "#ffffff"), ...node(690, 170, "ℒ", "#fff4e8"));
    body.push(arrow(210, 70, 304, 110, COLORS[0]), arrow(210, 170, 304, 130, COLORS[0]), arrow(356, 128, 424, 160, COLORS[0]), arrow(210, 270, 426, 182, COLORS[0]));
    body.push(arrow(476, 170, 544, 170, COLORS[0]), arrow(596, 170, 664, 170, COLORS[0]));
    body.push(math(395, 128, `u = W[2]a[1] = ${v(g.u)}`, { anchor: "start", size: 14, fill: COLORS[0] }));
    body.push(math(510, 160, `z = ${v(g.z)}`, { size: 14, fill: COLORS[0] }), math(630, 160, `a = ${v(g.a)}`, { size: 14, fill: COLORS[0] }));
    body.push(math(690, 218, `y = ${g.y}, ℒ = ${v(g.loss)}`, { size: 14 }));
    // backward annotations
    body.push(text(630, 200, `da = ${v(g.da)}`, { cls: "small mono", fill: COLORS[1] }));
    body.push(text(510, 200, `dz = ${v(g.dz)}`, { cls: "small mono", fill: COLORS[1] }));
    const by = 300;
    body.push(text(440, by, t(lang, { en: "backward: downstream = upstream × local", ko: "역방향: 아래로 보낼 기울기 = 받은 기울기 × 국소 미분" }), { cls: "title", fill: COLORS[1] }));
    const rows = [
      `dz = da × σ′(z) = ${v(g.da)} × ${v(g.localSigma)} = ${v(g.dz)}   (= a − y)`,
      `dW[2] = dz × ∂z/∂W = dz × a[1]ᵀ = (${g.dW.map(v).join(", ")})`,
      `db[2] = dz × ∂z/∂b = dz × 1 = ${v(g.db)}`,
      `da[1] = W[2]ᵀ × dz = (${g.daPrev.map(v).join(", ")})`,
    ];
    rows.forEach((r, k) => body.push(text(440, by + 26 + 22 * k, r, { cls: "mono", fill: "#7c2d12" })));
    body.push(text(440, 28, t(lang, { en: "Layer 2 of lesson 02's worked example, first example: forward values (blue), gradients (red)", ko: "2단원 예제의 2층, 첫 번째 샘플: 정방향 값(파랑), 기울기(빨강)" }), { cls: "title" }));
    return svgDocument(880, 410, t(lang, { en: "The computational graph of one layer", ko: "층 하나의 계산 그래프" }), t(lang, {
      en: `Inputs a[1], W[2] and b[2] feed a product node, a sum node, the sigmoid and the loss. Forward: u = W[2]a[1] = ${v(g.u)}, z = ${v(g.z)}, a = ${v(g.a)}, loss ${v(g.loss)}. Backward, each node multiplies the gradient from above by its local derivative: da = ${v(g.da)}, dz = ${v(g.dz)}, dW[2] = (${g.dW.map(v).join(", ")}), db[2] = ${v(g.db)}, da[1] = (${g.daPrev.map(v).join(", ")}).`,
      ko: `입력 a[1], W[2], b[2]가 곱 노드, 합 노드, 시그모이드, 손실로 이어집니다. 정방향: u = W[2]a[1] = ${v(g.u)}, z = ${v(g.z)}, a = ${v(g.a)}, 손실 ${v(g.loss)}. 역방향에서는 노드마다 위에서 받은 기울기에 국소 미분을 곱합니다: da = ${v(g.da)}, dz = ${v(g.dz)}, dW[2] = (${g.dW.map(v).join(", ")}), db[2] = ${v(g.db)}, da[1] = (${g.daPrev.map(v).join(", ")}).`,
    }), body);
  });
  const txt = both((lang) => [
    `  a[1] = (${g.aPrev.map(v).join(", ")}), W[2] = (${g.W.map(v).join(", ")}), b[2] = ${v(g.b)}, y = ${g.y}`,
    "",
    t(lang, { en: "  forward", ko: "  정방향" }),
    `  [×]  u = W[2]·a[1] = ${v(g.u)}`,
    `  [+]  z = u + b[2]  = ${v(g.z)}`,
    `  [σ]  a = σ(z)      = ${v(g.a)}`,
    `  [ℒ]  ℒ(a, y)       = ${v(g.loss)}`,
    "",
    t(lang, { en: "  backward: downstream = upstream × local", ko: "  역방향: 아래로 보낼 기울기 = 받은 기울기 × 국소 미분" }),
    `  dz    = da × σ′(z) = ${v(g.da)} × ${v(g.localSigma)} = ${v(g.dz)}  (= a − y)`,
    `  dW[2] = dz × a[1]ᵀ = (${g.dW.map(v).join(", ")})`,
    `  db[2] = dz × 1     = ${v(g.db)}`,
    `  da[1] = W[2]ᵀ × dz = (${g.daPrev.map(v).join(", ")})`,
  ].join("\n"));
  return { name: "layer_graph", svg, txt };
}

function wholeNetwork(): Figure {
  const g = networkGraph();
  const v = (x: number) => fmt(x, 4);
  const vec = (xs: number[]) => `(${xs.map(v).join(", ")})`;
  const stages: { node: string; local: Text2; fwd: string; bwd: string }[] = [
    { node: "x", local: { en: "input", ko: "입력" }, fwd: `x = ${vec(g.x)}`, bwd: `da[0] = ${vec(g.da0)}` },
    { node: "W[1]x + b[1]", local: { en: "local: W[1]ᵀ, xᵀ, 1", ko: "국소: W[1]ᵀ, xᵀ, 1" }, fwd: `z[1] = ${vec(g.z1)}`, bwd: `dz[1] = ${vec(g.dz1)}` },
    { node: "ReLU", local: { en: "local: 1 if z > 0, else 0", ko: "국소: z > 0이면 1, 아니면 0" }, fwd: `a[1] = ${vec(g.a1)}`, bwd: `da[1] = ${vec(g.da1)}` },
    { node: "W[2]a + b[2]", local: { en: "local: W[2]ᵀ, a[1]ᵀ, 1", ko: "국소: W[2]ᵀ, a[1]ᵀ, 1" }, fwd: `z[2] = ${v(g.z2)}`, bwd: `dz[2] = ${v(g.dz2)}` },
    { node: "σ", local: { en: "local: a(1 − a)", ko: "국소: a(1 − a)" }, fwd: `a[2] = ${v(g.a2)}`, bwd: `dz[2] = a − y` },
    { node: "ℒ", local: { en: "y = 0", ko: "y = 0" }, fwd: `ℒ = ${v(g.loss)}`, bwd: "" },
  ];
  const svg = both((lang) => {
    const body: string[] = [text(500, 26, t(lang, { en: "The whole network of lesson 02's worked example, first example", ko: "2단원 예제의 신경망 전체, 첫 번째 샘플" }), { cls: "title" })];
    const xs = stages.map((_, k) => 110 + k * 156);
    stages.forEach((s, k) => {
      const x = xs[k]!;
      body.push(rect(x - 62, 110, 124, 48, k === 0 ? "#eef4ff" : k === stages.length - 1 ? "#fff4e8" : "#f8fafc", "#334155", 8), math(x, 140, s.node, { size: 15 }));
      body.push(text(x, 176, t(lang, s.local), { cls: "small" }));
      body.push(text(x, 78 + (k % 2) * 16, s.fwd, { cls: "small mono", fill: COLORS[0] }));
      if (s.bwd) body.push(text(x, 206 + (k % 2) * 16, s.bwd, { cls: "small mono", fill: COLORS[1] }));
      if (k > 0) body.push(arrow(xs[k - 1]! + 62, 124, x - 64, 124, COLORS[0]), arrow(x - 62, 146, xs[k - 1]! + 64, 146, COLORS[1]));
    });
    body.push(text(500, 252, `dW[2] = dz[2]·a[1]ᵀ = ${vec(g.dW2)}    db[2] = dz[2] = ${v(g.dz2)}`, { cls: "small mono", fill: "#7c2d12" }));
    body.push(text(500, 272, `dW[1] = dz[1]·xᵀ = [${g.dW1.map(vec).join(", ")}]    db[1] = ${vec(g.db1)}`, { cls: "small mono", fill: "#7c2d12" }));
    body.push(text(500, 300, t(lang, { en: "forward values run right (blue); gradients run left (red), each one the gradient from the right times the block's local derivative", ko: "정방향 값은 오른쪽으로(파랑), 기울기는 왼쪽으로(빨강) 흐릅니다. 기울기마다 오른쪽에서 받은 기울기 × 블록의 국소 미분입니다" }), { cls: "small" }));
    return svgDocument(1000, 318, t(lang, { en: "The computational graph of a whole network", ko: "신경망 전체의 계산 그래프" }), t(lang, {
      en: `x = ${vec(g.x)} goes through layer 1 (z[1] = ${vec(g.z1)}, a[1] = ${vec(g.a1)}), layer 2 (z[2] = ${v(g.z2)}, a[2] = ${v(g.a2)}) and the loss ${v(g.loss)}. Backward: dz[2] = ${v(g.dz2)}, da[1] = ${vec(g.da1)}, dz[1] = ${vec(g.dz1)}, da[0] = ${vec(g.da0)}.`,
      ko: `x = ${vec(g.x)}가 1층(z[1] = ${vec(g.z1)}, a[1] = ${vec(g.a1)}), 2층(z[2] = ${v(g.z2)}, a[2] = ${v(g.a2)})과 손실 ${v(g.loss)}로 이어집니다. 역방향: dz[2] = ${v(g.dz2)}, da[1] = ${vec(g.da1)}, dz[1] = ${vec(g.dz1)}, da[0] = ${vec(g.da0)}.`,
    }), body);
  });
  const txt = both((lang) => [
    t(lang, { en: "  forward ──▶", ko: "  정방향 ──▶" }),
    `  x ${vec(g.x)} → [W[1]x + b[1]] → z[1] ${vec(g.z1)}`,
    `    → [ReLU] → a[1] ${vec(g.a1)} → [W[2]a + b[2]] → z[2] ${v(g.z2)}`,
    `    → [σ] → a[2] ${v(g.a2)} → [ℒ] ${v(g.loss)}`,
    t(lang, { en: "  ◀── backward (gradient from the right × local derivative)", ko: "  ◀── 역방향 (오른쪽에서 받은 기울기 × 국소 미분)" }),
    `  dz[2] = a[2] − y = ${v(g.dz2)}   dW[2] = ${vec(g.dW2)}`,
    `  da[1] = W[2]ᵀ dz[2] = ${vec(g.da1)}`,
    `  dz[1] = da[1] * ReLU′(z[1]) = ${vec(g.dz1)}`,
    `  dW[1] = dz[1] xᵀ = [${g.dW1.map(vec).join(", ")}]`,
    `  da[0] = W[1]ᵀ dz[1] = ${vec(g.da0)}`,
  ].join("\n"));
  return { name: "network_graph", svg, txt };
}

function backpropSpeed(): Figure {
  const nets = [[784, 2, 1], [784, 5, 1], [784, 20, 7, 5, 1]];
  const rows = nets.map((dims) => backpropVsFiniteDifferences(dims));
  const svg = both((lang) => {
    const body: string[] = [text(380, 26, t(lang, { en: "One gradient of the cost on 32 digits: finite differences against backpropagation", ko: "숫자 32개에 대한 비용의 기울기 한 번: 유한 차분과 역방향 전파" }), { cls: "title" })];
    const max = Math.max(...rows.map((r) => r.finiteMs));
    const scale = (ms: number) => Math.max(2, (Math.log10(ms + 1) / Math.log10(max + 1)) * 360);
    rows.forEach((r, k) => {
      const y = 56 + k * 96;
      body.push(text(20, y + 14, `${r.layerDims.join("-")}`, { anchor: "start", weight: 600 }), text(20, y + 32, t(lang, { en: `${r.parameters} parameters`, ko: `매개변수 ${r.parameters}개` }), { anchor: "start", cls: "small" }));
      body.push(rect(190, y, scale(r.finiteMs), 26, "#fde7d9", COLORS[1]!, 3));
      body.push(text(198 + scale(r.finiteMs), y + 18, `${fmt(r.finiteMs, 0)} ms, ${r.forwardPasses} ${t(lang, { en: "forward passes", ko: "번의 정방향 전파" })}`, { anchor: "start", cls: "small" }));
      body.push(rect(190, y + 32, scale(r.backpropMs), 26, "#dbe8fb", COLORS[0]!, 3));
      body.push(text(198 + scale(r.backpropMs), y + 50, `${fmt(r.backpropMs, 2)} ms, ${t(lang, { en: "1 forward + 1 backward pass", ko: "정방향 1번 + 역방향 1번" })} (${fmt(r.finiteMs / r.backpropMs, 0)}×)`, { anchor: "start", cls: "small" }));
    });
    body.push(text(380, 56 + rows.length * 96 + 4, t(lang, { en: "bars on a log scale; the two gradients agree to a relative difference below 1e-7; measured by npm run figures", ko: "막대는 로그 척도입니다. 두 기울기의 상대 차이는 1e-7보다 작습니다. npm run figures가 측정" }), { cls: "small" }));
    return svgDocument(760, 86 + rows.length * 96, t(lang, { en: "Why backpropagation is fast", ko: "역방향 전파가 빠른 이유" }), t(lang, {
      en: `The gradient of the cost on 32 digits by central differences needs two forward passes per parameter; backpropagation needs one forward and one backward pass. ${rows.map((r) => `Network ${r.layerDims.join("-")} (${r.parameters} parameters): ${r.forwardPasses} forward passes in ${fmt(r.finiteMs, 0)} ms against ${fmt(r.backpropMs, 2)} ms`).join("; ")}.`,
      ko: `숫자 32개에 대한 비용의 기울기를 중앙 차분으로 구하려면 매개변수마다 정방향 전파가 두 번 필요하고, 역방향 전파는 정방향 한 번과 역방향 한 번이면 됩니다. ${rows.map((r) => `신경망 ${r.layerDims.join("-")}(매개변수 ${r.parameters}개): 정방향 ${r.forwardPasses}번에 ${fmt(r.finiteMs, 0)} ms, 역방향 전파는 ${fmt(r.backpropMs, 2)} ms`).join("; ")}.`,
    }), body);
  });
  const txt = both((lang) => [
    t(lang, { en: "  network        parameters   finite differences       backpropagation", ko: "  신경망         매개변수     유한 차분                역방향 전파" }),
    ...rows.map((r) => `  ${r.layerDims.join("-").padEnd(15)}${String(r.parameters).padStart(10)}   ${`${r.forwardPasses} passes, ${fmt(r.finiteMs, 0)} ms`.padEnd(25)}${fmt(r.backpropMs, 2)} ms`),
  ].join("\n"));
  if (rows.some((r) => r.relativeDifference > 1e-7)) throw new Error(`finite differences and backpropagation disagree: ${rows.map((r) => r.relativeDifference).join(", ")}`);
  return { name: "backprop_speed", svg, txt };
}

function hierarchy(): Figure {
  // Level 1: oriented edges; level 2: parts made of those edges; level 3: a face made of the parts.
  const edge = (cx: number, cy: number, angle: number) => {
    const r = 16;
    const dx = Math.cos(angle) * r;
    const dy = Math.sin(angle) * r;
    return [rect(cx - 24, cy - 24, 48, 48, "#f1f5f9", "#cbd5e1", 4), line(cx - dx, cy - dy, cx + dx, cy + dy, "#111827", 4)];
  };
  const eye = (cx: number, cy: number) => [path(`M${cx - 16},${cy} Q${cx},${cy - 12} ${cx + 16},${cy} Q${cx},${cy + 12} ${cx - 16},${cy}`, "#111827", 3), circle(cx, cy, 4, "#111827", "#111827")];
  const nose = (cx: number, cy: number) => [path(`M${cx},${cy - 16} L${cx - 7},${cy + 10} L${cx + 6},${cy + 10}`, "#111827", 3)];
  const mouth = (cx: number, cy: number) => [path(`M${cx - 18},${cy - 4} Q${cx},${cy + 10} ${cx + 18},${cy - 4}`, "#111827", 3)];
  const svg = both((lang) => {
    const body: string[] = [];
    const cols = [110, 390, 660];
    const heads: Text2[] = [
      { en: "layer 1: edges", ko: "1층: 경계선" },
      { en: "layer 2: parts", ko: "2층: 부분" },
      { en: "layer 3: faces", ko: "3층: 얼굴" },
    ];
    heads.forEach((h, k) => body.push(text(cols[k]!, 28, t(lang, h), { cls: "title" })));
    [[-0.2, 0], [Math.PI / 2, 1], [Math.PI / 4, 2], [-Math.PI / 4, 3], [0.35, 4], [Math.PI / 2 + 0.3, 5]].forEach(([a, k]) => body.push(...edge(80 + (k! % 2) * 60, 70 + Math.floor(k! / 2) * 66, a!)));
    body.push(rect(350, 50, 80, 60, "#f1f5f9", "#cbd5e1", 6), ...eye(390, 80));
    body.push(rect(350, 122, 80, 60, "#f1f5f9", "#cbd5e1", 6), ...nose(390, 152));
    body.push(rect(350, 194, 80, 60, "#f1f5f9", "#cbd5e1", 6), ...mouth(390, 226));
    body.push(`<ellipse cx="660" cy="152" rx="62" ry="82" fill="#f8fafc" stroke="#111827" stroke-width="3"/>`, ...eye(635, 125), ...eye(685, 125), ...nose(660, 160), ...mouth(660, 200));
    for (const y of [80, 152, 226]) body.push(arrow(186, y, 340, y, "#334155", 1.4), arrow(440, y, 590, 152 + (y - 152) * 0.4, "#334155", 1.4));
    body.push(text(390, 290, t(lang, { en: "each layer combines the features of the layer before; speech: waveform features → phonemes → words → sentences", ko: "층마다 앞 층의 특성을 조합합니다. 음성이라면: 파형의 특성 → 음소 → 단어 → 문장" }), { cls: "small" }));
    return svgDocument(780, 305, t(lang, { en: "From edges to faces", ko: "경계선에서 얼굴까지" }), t(lang, {
      en: "Three columns: first-layer units detect short edges at different angles; second-layer units combine nearby edges into parts of a face, an eye, a nose, a mouth; third-layer units combine the parts into a face.",
      ko: "세 열: 첫째 층의 유닛은 여러 방향의 짧은 경계선을 검출하고, 둘째 층의 유닛은 가까운 경계선들을 조합해 눈, 코, 입 같은 얼굴의 부분을 검출하며, 셋째 층의 유닛은 그 부분들을 조합해 얼굴을 검출합니다.",
    }), body);
  });
  const txt = both((lang) => [
    t(lang, { en: "  layer 1: edges        layer 2: parts            layer 3: faces", ko: "  1층: 경계선          2층: 부분                 3층: 얼굴" }),
    "   ─  │  ╱  ╲   ───▶   (•) eye   ╱╲ nose  ◡ mouth  ───▶   ( •  • )",
    "                                                           (  ╱╲  )",
    "                                                           (  ◡   )",
  ].join("\n"));
  return { name: "feature_hierarchy", svg, txt };
}

function cycle(): Figure {
  const svg = both((lang) => {
    const steps: [Text2, Text2, number, number][] = [
      [{ en: "Idea", ko: "아이디어" }, { en: "\"try α = 0.05\", \"one more layer\"", ko: "\"α = 0.05로 해 보자\", \"층 하나 더\"" }, 320, 70],
      [{ en: "Code", ko: "코드" }, { en: "npm run train -- --lr 0.05", ko: "npm run train -- --lr 0.05" }, 520, 250],
      [{ en: "Experiment", ko: "실험" }, { en: "cost curve, dev accuracy", ko: "비용 곡선, 개발 세트 정확도" }, 120, 250],
    ];
    const body: string[] = [];
    for (const [name, sub, x, y] of steps) body.push(rect(x - 110, y - 34, 220, 68, "#eef4ff", COLORS[0]!, 12), text(x, y - 6, t(lang, name), { cls: "title" }), text(x, y + 16, t(lang, sub), { cls: "small" }));
    body.push(path("M420,90 Q520,120 530,208", COLORS[0]!, 2, ` marker-end="url(#arrow-${COLORS[0]!.slice(1)})"`));
    body.push(path("M422,268 Q320,320 218,268", COLORS[0]!, 2, ` marker-end="url(#arrow-${COLORS[0]!.slice(1)})"`));
    body.push(path("M110,208 Q120,120 218,90", COLORS[0]!, 2, ` marker-end="url(#arrow-${COLORS[0]!.slice(1)})"`));
    return svgDocument(640, 320, t(lang, { en: "Idea, code, experiment", ko: "아이디어, 코드, 실험" }), t(lang, {
      en: "A cycle of three steps: an idea (a learning rate, a number of layers), code that tries it, and an experiment that measures the cost and the development-set accuracy, which leads to the next idea.",
      ko: "세 단계의 순환: 아이디어(학습률, 층의 개수), 그것을 시도하는 코드, 비용과 개발 세트 정확도를 재는 실험. 실험 결과가 다음 아이디어로 이어집니다.",
    }), body);
  });
  const txt = both((lang) => (lang === "en"
    ? ["         ┌──────────┐", "   ┌────▶│   Idea   │─────┐", "   │     └──────────┘     ▼", " ┌─┴──────────┐      ┌──────────┐", " │ Experiment │◀─────│   Code   │", " └────────────┘      └──────────┘"]
    : ["         ┌──────────┐", "   ┌────▶│ 아이디어 │─────┐", "   │     └──────────┘     ▼", " ┌─┴──────────┐      ┌──────────┐", " │    실험    │◀─────│   코드   │", " └────────────┘      └──────────┘"]).join("\n"));
  return { name: "experiment_cycle", svg, txt };
}

/** The notes' list of the week's 8 lectures, in the order of the course, and the lesson of each. */
export const LECTURES: { order: number; uploaded: number; en: string; ko: string; lesson: string }[] = [
  { order: 1, uploaded: 1, en: "Deep L-layer neural network", ko: "더 많은 층의 심층 신경망", lesson: "01" },
  { order: 2, uploaded: 3, en: "Forward propagation in a deep network", ko: "심층 신경망에서의 정방향전파", lesson: "02" },
  { order: 3, uploaded: 4, en: "Getting your matrix dimensions right", ko: "행렬의 차원을 알맞게 만들기", lesson: "03" },
  { order: 4, uploaded: 5, en: "Why deep representations?", ko: "왜 심층 신경망이 더 많은 특징을 잡아 낼수 있을까요?", lesson: "07" },
  { order: 5, uploaded: 6, en: "Building blocks of deep neural networks", ko: "심층 신경망 네트워크 구성하기", lesson: "04" },
  { order: 6, uploaded: 2, en: "Forward and backward propagation", ko: "정방향전파와 역방향전파", lesson: "05" },
  { order: 7, uploaded: 7, en: "Parameters vs hyperparameters", ko: "변수 vs 하이퍼파라미터", lesson: "06" },
  { order: 8, uploaded: 8, en: "What does this have to do with the brain?", ko: "인간의 뇌와 어떤 연관이 있을까요?", lesson: "08" },
];

function courseMap(lessonTitles: Record<Lang, Record<string, string>>): Figure {
  const svg = both((lang) => {
    const body: string[] = [
      text(200, 26, t(lang, { en: "The notes' 8 lectures, in course order", ko: "노트의 강의 8개, 강의 순서대로" }), { cls: "title" }),
      text(650, 26, t(lang, { en: "The workbook's lessons", ko: "워크북의 단원" }), { cls: "title" }),
    ];
    const lessons = Object.keys(lessonTitles[lang]).sort();
    const ly = (num: string) => 58 + lessons.indexOf(num) * 40;
    LECTURES.forEach((lec, k) => {
      const y = 58 + k * 40;
      body.push(rect(14, y - 16, 376, 32, "#f8fafc", "#cbd5e1", 6), text(28, y + 5, `${lec.order}. ${lec[lang]}`, { anchor: "start", size: 13 }));
      body.push(path(`M390,${y} C450,${y} 450,${ly(lec.lesson)} 500,${ly(lec.lesson)}`, COLORS[0]!, 1.6, ` marker-end="url(#arrow-${COLORS[0]!.slice(1)})"`));
    });
    lessons.forEach((num) => {
      const y = ly(num);
      body.push(rect(504, y - 16, 296, 32, num === "09" ? "#fff4e8" : "#eef4ff", "#94a3b8", 6), text(516, y + 5, `${num} ${lessonTitles[lang][num]}`, { anchor: "start", size: 13 }));
    });
    body.push(path(`M390,${58 + 8 * 40 + 10} C450,${58 + 8 * 40 + 10} 450,${ly("09")} 500,${ly("09")}`, COLORS[1]!, 1.6, ` stroke-dasharray="5 4" marker-end="url(#arrow-${COLORS[1]!.slice(1)})"`));
    body.push(text(200, 58 + 8 * 40 + 14, t(lang, { en: "+ the notes' TensorFlow layer (build, call)", ko: "+ 노트의 TensorFlow 층(build, call)" }), { size: 13, fill: COLORS[1] }));
    body.push(text(200, 58 + 8 * 40 + 38, t(lang, { en: "(the notes: the lectures were uploaded in the order 1, 6, 2, 3, 4, 5, 7, 8)", ko: "(노트: 강의는 1, 6, 2, 3, 4, 5, 7, 8 순서로 잘못 올라가 있었음)" }), { cls: "small" }));
    return svgDocument(820, 58 + 8 * 40 + 56, t(lang, { en: "From the lectures to the lessons", ko: "강의에서 단원으로" }), t(lang, {
      en: `The week's lectures in course order and the lesson of each: ${LECTURES.map((l) => `${l.order}. ${l.en} → lesson ${l.lesson}`).join("; ")}; the notes' TensorFlow layer → lesson 09.`,
      ko: `이번 주 강의를 강의 순서대로, 각각이 다루어지는 단원과 함께: ${LECTURES.map((l) => `${l.order}. ${l.ko} → ${Number(l.lesson)}단원`).join("; ")}; 노트의 TensorFlow 층 → 9단원.`,
    }), body);
  });
  const txt = both((lang) => [
    ...LECTURES.map((l) => `  ${l.order}. ${lang === "en" ? l.en : l.ko}  ──▶  ${t(lang, { en: "lesson", ko: "단원" })} ${l.lesson}`),
    `  + ${t(lang, { en: "the notes' TensorFlow layer", ko: "노트의 TensorFlow 층" })}  ──▶  ${t(lang, { en: "lesson", ko: "단원" })} 09`,
  ].join("\n"));
  return { name: "course_map", svg, txt };
}

/** The words of the hand-drawn figures, in Korean (whole text nodes, matched exactly). */
export const TRANSLATIONS: Record<string, string> = {
  "column per example (the course)": "샘플 하나가 열 하나 (강의)",
  "b is a column, broadcast across the m columns": "b는 열 하나, 열 m개로 브로드캐스팅",
  "row per example (Keras, Dense)": "샘플 하나가 행 하나 (Keras, Dense)",
  "b is a row, broadcast down the m rows": "b는 행 하나, 행 m개로 브로드캐스팅",
  forward: "정방향",
  backward: "역방향",
  cost: "비용",
  "(not needed)": "(필요 없음)",
  "cache: ": "캐시: ",
  "(and ": "(및 ",
  shallow: "얕음",
  deep: "깊음",
  "level 1": "1단계",
  "level 2": "2단계",
  "level 3": "3단계",
};
const PREFIXES: [string, string][] = [
  ["example i is column i: ", "샘플 i는 i번째 열: "],
  ["example i is row i: ", "샘플 i는 i번째 행: "],
  ["forward, layer ", "정방향, 층 "],
  ["backward, layer ", "역방향, 층 "],
  ["depth log₂ n = 3,  n − 1 = 7 gates", "깊이 log₂ n = 3, 게이트 n − 1 = 7개"],
  ["one hidden layer: 2ⁿ⁻¹ = 8 units for n = 4", "은닉층 하나: n = 4일 때 유닛 2ⁿ⁻¹ = 8개"],
];

/** The Korean version of a hand-drawn SVG: its words, title and description translated. */
export function translateSvg(svg: string, title: string, desc: string): string {
  return svg
    .replace(/<title id="title">[^<]*<\/title>/, `<title id="title">${title}</title>`)
    .replace(/<desc id="desc">[^<]*<\/desc>/, `<desc id="desc">${desc}</desc>`)
    .replace(/>([^<>]+)</g, (whole, content: string) => {
      if (content in TRANSLATIONS) return `>${TRANSLATIONS[content]}<`;
      for (const [from, to] of PREFIXES) if (content.startsWith(from)) return `>${to}${content.slice(from.length)}<`;
      return whole;
    });
}

/** Titles and descriptions of the hand-drawn figures in Korean: the alt text of their lessons. */
const HAND_DRAWN: Record<string, [string, string]> = {
  batch_layouts: ["샘플을 열로 쌓는 방식과 행으로 쌓는 방식", "왼쪽은 강의의 방식: W[l] (n[l], n[l-1]) 곱하기 A[l-1] (n[l-1], m) 더하기 b[l] (n[l], 1)은 Z[l] (n[l], m)이고 샘플 하나가 열 하나입니다. 오른쪽은 Keras와 Dense: X (m, n) 곱하기 w (n, units) 더하기 b (units,)는 Y (m, units)이고 샘플 하나가 행 하나입니다."],
  gradient_descent_iteration: ["경사 하강법의 한 번의 반복", "A[0] = X에서 1층부터 L층까지 정방향으로 A[L] = Ŷ와 비용을 계산하며 층마다 캐시를 남기고, dA[L]에서 L층부터 1층까지 역방향으로 dW[l], db[l]을 구한 뒤, 모든 W[l], b[l]을 갱신합니다."],
  layer_blocks: ["층 l의 정방향 함수와 역방향 함수", "층 l의 정방향 함수는 a[l-1]을 받아 a[l]을 돌려주고 z[l](그리고 a[l-1], W[l], b[l])을 캐시에 남깁니다. 역방향 함수는 da[l]과 캐시를 받아 da[l-1], dW[l], db[l]을 돌려줍니다."],
  network_notation: ["4층 신경망의 표기법", "입력 n[0] = 3개, 은닉층 n[1] = 5, n[2] = 5, n[3] = 3개, 출력 유닛 n[4] = 1개. 각 층 l에는 매개변수 W[l], b[l]이 있고 a[0] = x, a[4] = ŷ입니다."],
  shallow_vs_deep: ["얕은 신경망에서 깊은 신경망까지", "L = 1(로지스틱 회귀), L = 2(은닉층 하나), L = 3(은닉층 둘), L = 6(은닉층 다섯)인 신경망 네 개."],
  xor_circuit: ["n비트 패리티의 두 회로", "왼쪽은 n = 8일 때 깊이 log2 8 = 3, 게이트 7개인 XOR 게이트의 트리, 오른쪽은 n = 4일 때 패턴 유닛 2^(n-1) = 8개와 OR 하나로 된 은닉층 하나."],
};

/** The lessons' titles by number, for the course map. */
async function titles(): Promise<Record<Lang, Record<string, string>>> {
  const { listLessons } = await import("../lessons.ts");
  const out = {} as Record<Lang, Record<string, string>>;
  for (const lang of LANGS) out[lang] = Object.fromEntries(listLessons(lang).map((l) => [l.number, l.title]));
  return out;
}

/** The figures that involve no timing and no training: the same bytes on every machine. */
export async function deterministicFigures(): Promise<Figure[]> {
  const lessonTitles = await titles();
  return [activations(), graph(), wholeNetwork(), hierarchy(), cycle(), courseMap(lessonTitles)];
}

/** What `npm run figures` writes for a figure: file name → contents. */
export function figureFiles(f: Figure): Record<string, string> {
  const files: Record<string, string> = { [`${f.name}.svg`]: f.svg.en, [`${f.name}.ko.svg`]: f.svg.ko };
  if (typeof f.txt === "string") files[`${f.name}.txt`] = `${f.txt}\n`;
  else {
    files[`${f.name}.txt`] = `${f.txt.en}\n`;
    if (f.txt.ko !== f.txt.en) files[`${f.name}.ko.txt`] = `${f.txt.ko}\n`;
  }
  return files;
}

/** The Korean versions of the hand-drawn figures: file name → contents. */
export function translatedFigures(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, [title, desc]] of Object.entries(HAND_DRAWN)) {
    const source = join(FIGURES_DIR, `${name}.svg`);
    if (existsSync(source)) files[`${name}.ko.svg`] = translateSvg(readFileSync(source, "utf8"), title, desc);
  }
  return files;
}

export async function main(): Promise<void> {
  const started = performance.now();
  const lessonTitles = await titles();
  const figures: Figure[] = [];
  // `npm run figures -- layer_graph activations` draws only those (the charts of real runs take a minute).
  const only = new Set(process.argv.slice(2));
  const builders: [string, () => Figure][] = [
    ["activations", activations], ["layer_graph", graph], ["network_graph", wholeNetwork], ["feature_hierarchy", hierarchy], ["experiment_cycle", cycle],
    ["course_map", () => courseMap(lessonTitles)], ["vectorization", vectorized], ["backprop_speed", backpropSpeed], ["learning_rates", learningRates],
  ];
  for (const [name, build] of builders) {
    if (only.size > 0 && !only.has(name)) continue;
    const t0 = performance.now();
    const figure = build();
    figures.push(figure);
    console.log(`  ${figure.name.padEnd(20)} ${Math.round(performance.now() - t0)} ms`);
  }
  for (const f of figures) for (const [file, text] of Object.entries(figureFiles(f))) writeFileSync(join(FIGURES_DIR, file), text);
  for (const [file, text] of Object.entries(translatedFigures())) writeFileSync(join(FIGURES_DIR, file), text);
  console.log(`Wrote ${figures.length} figures and ${Object.keys(HAND_DRAWN).length} translations to lessons/figures/ in ${(performance.now() - started) / 1000 | 0} s.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
