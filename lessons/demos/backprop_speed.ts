// Why backpropagation is fast: the gradient of the cost of the workbook's own network on 32
// digits, once by central differences (two forward passes per parameter) and once by
// backpropagation (modelForward, then modelBackward), timed, and checked to agree.
//
//   npx tsx lessons/demos/backprop_speed.ts            (in Korean: --lang ko)
import { pathToFileURL } from "node:url";
import { backpropVsFiniteDifferences } from "../../grader/lessons/figures/data.ts";

export type Lang = "en" | "ko";

const TEXT = {
  en: {
    title: "One gradient of the cost on 32 digits, two ways",
    head: "  network           parameters   forward passes   finite differences   backpropagation",
    agree: (d: string) => `The two gradients agree: largest relative difference ${d}.`,
  },
  ko: {
    title: "숫자 32개에 대한 비용의 기울기 한 번, 두 가지 방법",
    head: "  신경망            매개변수     정방향 전파 횟수 유한 차분            역방향 전파",
    agree: (d: string) => `두 기울기는 같습니다. 상대 차이는 최대 ${d}입니다.`,
  },
};

export function main(lang: Lang = "en", networks: number[][] = [[784, 2, 1], [784, 5, 1], [784, 20, 7, 5, 1]]): string {
  const rows = networks.map((dims) => backpropVsFiniteDifferences(dims));
  const t = TEXT[lang];
  const lines = [t.title, "", t.head];
  for (const r of rows) {
    lines.push(
      `  ${r.layerDims.join("-").padEnd(18)}${String(r.parameters).padStart(10)}${String(r.forwardPasses).padStart(17)}${`${r.finiteMs.toFixed(0)} ms`.padStart(21)}${`${r.backpropMs.toFixed(2)} ms`.padStart(18)}`,
    );
  }
  lines.push("", t.agree(Math.max(...rows.map((r) => r.relativeDifference)).toExponential(1)));
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lang = process.argv.includes("ko") || process.env.DNN_WORKBOOK_LANG === "ko" ? "ko" : "en";
  console.log(main(lang));
}
