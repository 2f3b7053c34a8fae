/**
 * One section of a lesson (`npm run lesson -- 2#cost`): the lesson's title, then its `## … {#cost}`
 * section up to the next level-2 heading outside a code block.
 */

/** The anchors of a lesson's level-2 sections, in order. */
export function sectionAnchors(markdown: string): string[] {
  return [...markdown.matchAll(/^## .*\{#([\w-]+)\}\s*$/gm)].map((m) => m[1]!);
}

/** The lesson's title and the section `anchor`, or undefined when it has no such section. */
export function lessonSection(markdown: string, anchor: string): string | undefined {
  const lines = markdown.split("\n");
  let fenced = false;
  let from = -1;
  let to = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || !line.startsWith("## ")) continue;
    if (from < 0 && line.trimEnd().endsWith(`{#${anchor}}`)) from = i;
    else if (from >= 0) {
      to = i;
      break;
    }
  }
  if (from < 0) return undefined;
  const title = lines.find((l) => /^# /.test(l));
  return [...(title ? [title, ""] : []), ...lines.slice(from, to)].join("\n");
}
