// A small SVG writer for the lessons' generated figures: text, lines, boxes, arrows and line
// charts, with the house style (system sans for words; math in a serif italic, where l cannot be
// mistaken for I).
export type Lang = "en" | "ko";
export type Text2 = Record<Lang, string>;

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const fmt = (v: number, digits = 4): string => String(Number(v.toFixed(digits)));

export const STYLE = `
    text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', sans-serif; font-size: 14px; fill: #1f2937; }
    .m { font-family: 'Latin Modern Math', 'STIX Two Math', 'Cambria Math', 'Times New Roman', 'DejaVu Serif', serif; font-style: italic; font-size: 16px; }
    .mono { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; }
    .small { font-size: 12px; fill: #4b5563; }
    .title { font-size: 15px; font-weight: 600; }
    .axis { stroke: #4b5563; stroke-width: 1; }
    .grid { stroke: #e5e7eb; stroke-width: 1; }
    .box { fill: #f8fafc; stroke: #334155; stroke-width: 1.4; }
    .fwd { fill: #1d5fd1; } .bwd { fill: #c2410c; } .ok { fill: #15803d; }
  `;

export const COLORS = ["#1d5fd1", "#c2410c", "#15803d", "#7c3aed", "#0e7490", "#b91c1c"];

/**
 * A math label: `W[l]` style text where `[...]` and `(...)` after a letter are superscripts and
 * `_x` a subscript, set in the math font.
 */
export function math(x: number, y: number, tex: string, opts: { anchor?: "start" | "middle" | "end"; cls?: string; fill?: string; size?: number } = {}): string {
  const parts: string[] = [];
  const re = /(\[[^\]]*\](?:\([^)]*\))?|_\{[^}]*\}|_[A-Za-z0-9]|\^\{[^}]*\}|\^[A-Za-z0-9T′])/g;
  let last = 0;
  for (const m of tex.matchAll(re)) {
    if (m.index! > last) parts.push(`<tspan>${esc(tex.slice(last, m.index))}</tspan>`);
    const tok = m[0];
    if (tok.startsWith("[")) parts.push(`<tspan dy="-6" font-size="11" font-style="normal">${esc(tok)}</tspan><tspan dy="6"></tspan>`);
    else if (tok.startsWith("_")) parts.push(`<tspan dy="4" font-size="11">${esc(tok.replace(/^_\{?|\}$/g, ""))}</tspan><tspan dy="-4"></tspan>`);
    else parts.push(`<tspan dy="-6" font-size="11">${esc(tok.replace(/^\^\{?|\}$/g, ""))}</tspan><tspan dy="6"></tspan>`);
    last = m.index! + tok.length;
  }
  if (last < tex.length) parts.push(`<tspan>${esc(tex.slice(last))}</tspan>`);
  const size = opts.size ? ` font-size="${opts.size}"` : "";
  const fill = opts.fill ? ` style="fill:${opts.fill}"` : "";
  return `<text class="m${opts.cls ? ` ${opts.cls}` : ""}" x="${fmt(x, 1)}" y="${fmt(y, 1)}" text-anchor="${opts.anchor ?? "middle"}"${size}${fill}>${parts.join("")}</text>`;
}

export function text(x: number, y: number, s: string, opts: { anchor?: "start" | "middle" | "end"; cls?: string; fill?: string; size?: number; weight?: number } = {}): string {
  const attrs = [
    `x="${fmt(x, 1)}"`,
    `y="${fmt(y, 1)}"`,
    `text-anchor="${opts.anchor ?? "middle"}"`,
    opts.cls ? `class="${opts.cls}"` : "",
    opts.size ? `font-size="${opts.size}"` : "",
    opts.weight ? `font-weight="${opts.weight}"` : "",
    opts.fill ? `style="fill:${opts.fill}"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${esc(s)}</text>`;
}

export const line = (x1: number, y1: number, x2: number, y2: number, stroke = "#334155", width = 1.4, extra = ""): string =>
  `<line x1="${fmt(x1, 1)}" y1="${fmt(y1, 1)}" x2="${fmt(x2, 1)}" y2="${fmt(y2, 1)}" stroke="${stroke}" stroke-width="${width}"${extra}/>`;

export const rect = (x: number, y: number, w: number, h: number, fill = "#f8fafc", stroke = "#334155", r = 8): string =>
  `<rect x="${fmt(x, 1)}" y="${fmt(y, 1)}" width="${fmt(w, 1)}" height="${fmt(h, 1)}" rx="${r}" fill="${fill}" stroke="${stroke}" stroke-width="1.4"/>`;

export const circle = (cx: number, cy: number, r: number, fill = "#ffffff", stroke = "#334155"): string =>
  `<circle cx="${fmt(cx, 1)}" cy="${fmt(cy, 1)}" r="${fmt(r, 1)}" fill="${fill}" stroke="${stroke}" stroke-width="1.6"/>`;

/** An arrow from (x1, y1) to (x2, y2) in `color`, using the marker of that colour. */
export const arrow = (x1: number, y1: number, x2: number, y2: number, color = "#334155", width = 1.8): string =>
  `<line x1="${fmt(x1, 1)}" y1="${fmt(y1, 1)}" x2="${fmt(x2, 1)}" y2="${fmt(y2, 1)}" stroke="${color}" stroke-width="${width}" marker-end="url(#arrow-${color.slice(1)})"/>`;

export const path = (d: string, stroke: string, width = 2, extra = ""): string => `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}"${extra}/>`;

/** A whole SVG document with a title and a description for screen readers. */
export function svgDocument(width: number, height: number, title: string, desc: string, body: string[]): string {
  const markers = ["#334155", ...COLORS]
    .map((c) => `<marker id="arrow-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`)
    .join("\n    ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc">
  <title id="title">${esc(title)}</title>
  <desc id="desc">${esc(desc)}</desc>
  <style>${STYLE}</style>
  <defs>
    ${markers}
  </defs>
  <rect width="${width}" height="${height}" fill="#ffffff"/>
  ${body.join("\n  ")}
</svg>
`;
}

export type ChartSeries = { name: string; points: readonly (readonly [number, number])[]; color?: string; dash?: boolean };

/** Nice tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A line chart in a box at (x, y) of size w × h: axes, ticks, a grid, the series and a legend. */
export function lineChartSvg(
  box: { x: number; y: number; w: number; h: number },
  series: readonly ChartSeries[],
  opts: { xLabel: string; yLabel: string; title?: string; yMin?: number; yMax?: number; legend?: "top-right" | "bottom-right" | "none" },
): string[] {
  const pts = series.flatMap((s) => s.points.filter(([, v]) => Number.isFinite(v)));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMin = opts.yMin ?? Math.min(...ys);
  const yMax = opts.yMax ?? Math.max(...ys);
  const left = box.x + 48;
  const right = box.x + box.w - 10;
  const top = box.y + (opts.title ? 26 : 8);
  const bottom = box.y + box.h - 38;
  const sx = (v: number) => left + ((v - xMin) / (xMax - xMin || 1)) * (right - left);
  const sy = (v: number) => bottom - ((Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin || 1)) * (bottom - top);
  const out: string[] = [];
  if (opts.title) out.push(text(box.x + box.w / 2, box.y + 16, opts.title, { cls: "title" }));
  for (const t of ticks(yMin, yMax)) {
    out.push(line(left, sy(t), right, sy(t), "#e5e7eb", 1));
    out.push(text(left - 6, sy(t) + 4, fmt(t, 3), { anchor: "end", cls: "small" }));
  }
  for (const t of ticks(xMin, xMax)) {
    out.push(line(sx(t), bottom, sx(t), bottom + 4, "#4b5563", 1));
    out.push(text(sx(t), bottom + 17, fmt(t, 3), { cls: "small" }));
  }
  out.push(line(left, top, left, bottom, "#4b5563", 1), line(left, bottom, right, bottom, "#4b5563", 1));
  out.push(text((left + right) / 2, box.y + box.h - 6, opts.xLabel, { cls: "small" }));
  out.push(`<text class="small" x="${fmt(box.x + 12, 1)}" y="${fmt((top + bottom) / 2, 1)}" text-anchor="middle" transform="rotate(-90 ${fmt(box.x + 12, 1)} ${fmt((top + bottom) / 2, 1)})">${esc(opts.yLabel)}</text>`);
  series.forEach((s, k) => {
    const color = s.color ?? COLORS[k % COLORS.length]!;
    const d = s.points
      .filter(([, v]) => Number.isFinite(v))
      .map(([a, b], i) => `${i === 0 ? "M" : "L"}${fmt(sx(a), 1)},${fmt(sy(b), 1)}`)
      .join(" ");
    out.push(path(d, color, 2, s.dash ? ' stroke-dasharray="6 4"' : ""));
  });
  if (opts.legend !== "none") {
    const lx = right - 150;
    const ly = opts.legend === "bottom-right" ? bottom - 20 * series.length : top + 6;
    series.forEach((s, k) => {
      const color = s.color ?? COLORS[k % COLORS.length]!;
      out.push(line(lx, ly + 20 * k + 6, lx + 26, ly + 20 * k + 6, color, 2.5, s.dash ? ' stroke-dasharray="6 4"' : ""));
      out.push(text(lx + 32, ly + 20 * k + 10, s.name, { anchor: "start", cls: "small" }));
    });
  }
  return out;
}
