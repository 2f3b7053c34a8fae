/**
 * An exercise page: the learner's code in a CodeMirror editor (saved in the browser on every
 * edit), graded in the page by the same judge as the CLI (grader/judge/judge.ts, the same specs,
 * reference outputs and hidden cases), with the learner's code in a Web Worker executor. Reset to
 * the stub with undo, zip export laid out like exercises/ and import.
 *
 * Test contract: the editor's container is [data-testid="editor"], the Grade button
 * [data-testid="grade"], the report [data-testid="report"], whose data-status is the exercise's
 * status once grading ends (and absent while it runs). The address's ?seed=N fixes the hidden
 * cases and ?timeLimitMs=N lowers the time limit (both only ever set by the page's own address).
 */
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import { autocompletion } from "@codemirror/autocomplete";
import type { CompletionContext } from "@codemirror/autocomplete";
import { np } from "../../lib/np/index.ts";
import { DEFAULT_TIME_LIMIT_MS } from "../check/spec.ts";
import { gradeExercise } from "../judge/judge.ts";
import type { Course } from "../judge/judge.ts";
import type { ExerciseResult } from "../types.ts";
import { browserLocator, LEARNER_DIR } from "./locate.ts";
import { renderReport, escapeHtml } from "./report.ts";
import { TEXT } from "./text.ts";
import type { Lang, UiText } from "./text.ts";
import { WebWorkerLink } from "./web-worker-link.ts";
import { readZip, writeZip } from "./zip.ts";
import { KEY, store } from "./storage.ts";

export type CourseEntry = Course & { stub: string };

export type PageData = {
  /** Every exercise, by slug, in course order. */
  course: Record<string, CourseEntry>;
  /** The executor's script (./executor-worker.ts bundled). */
  executor: string;
  /** Lesson titles by language and file ("02_forward_propagation"). */
  lessons: Record<Lang, Record<string, string>>;
};

const SLUG = /^(\d{2})_([a-z][a-z0-9_]*)$/;

export function codeOf(slug: string, course: Record<string, CourseEntry>): string {
  return store.get(KEY.code(slug)) ?? course[slug]!.stub;
}

/** The exercise files of a zip or of loose files, by slug: "exercises/02_linear_forward.ts" → "02_linear_forward". */
export async function filesFromUpload(list: File[], known: Set<string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const take = (name: string, text: string) => {
    const slug = name.split(/[\\/]/).pop()!.replace(/\.ts$/, "");
    if (name.endsWith(".ts") && known.has(slug)) out[slug] = text;
  };
  for (const file of list) {
    if (/\.zip$/i.test(file.name)) {
      for (const entry of await readZip(new Uint8Array(await file.arrayBuffer()))) take(entry.name, new TextDecoder().decode(entry.data));
    } else take(file.webkitRelativePath || file.name, await file.text());
  }
  return out;
}

function npCompletions(context: CompletionContext) {
  const word = context.matchBefore(/\bnp\.\w*/);
  if (!word) return null;
  const options = Object.keys(np)
    .sort()
    .map((name) => ({ label: name, type: typeof (np as Record<string, unknown>)[name] === "function" ? "function" : "namespace" }));
  return { from: word.from + 3, options, validFor: /^\w*$/ };
}

function download(name: string, data: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function startExercisePage(data: PageData): void {
  const body = document.body;
  const slug = body.dataset.exercise ?? "";
  const lang = (body.dataset.lang === "ko" ? "ko" : "en") as Lang;
  const t: UiText = TEXT[lang];
  const entry = data.course[slug];
  const m = SLUG.exec(slug);
  if (!entry || !m) return;
  const exercise = { id: m[1]!, name: m[2]!, slug };
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const slugs = Object.keys(data.course);

  // ── Title, lesson link, navigation ──────────────────────────────────────────────────────────────
  const lessonHref = (lesson: string) => {
    const [file, anchor] = lesson.split("#");
    return `../${file}.html${anchor ? `#${anchor}` : ""}`;
  };
  $(".exercise-title").textContent = entry.spec.title;
  const [lessonFile] = entry.spec.lesson.split("#");
  const lessonTitle = data.lessons[lang][lessonFile!] ?? lessonFile!;
  $(".lesson-link").innerHTML = `${escapeHtml(t.lesson)}: <a href="${escapeHtml(lessonHref(entry.spec.lesson))}">${escapeHtml(lessonTitle)}</a>`;
  const paintNav = () => {
    for (const a of document.querySelectorAll<HTMLAnchorElement>(".exercise-nav a[data-slug]")) {
      const status = store.get(KEY.status(a.dataset.slug!));
      if (status) a.dataset.status = status;
      else delete a.dataset.status;
    }
    const done = slugs.filter((s) => store.get(KEY.status(s)) === "passed").length;
    $(".progress").textContent = t.progress(done, slugs.length);
  };
  paintNav();

  // ── The editor ──────────────────────────────────────────────────────────────────────────────────
  const saved = store.get(KEY.code(slug));
  const announce = $(".announce");
  const savedNote = $(".saved-note");
  let watchTimer: ReturnType<typeof setTimeout> | undefined;
  const view = new EditorView({
    parent: $("[data-testid=editor]"),
    state: EditorState.create({
      doc: saved ?? entry.stub,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        javascript({ typescript: true }),
        autocompletion({ override: [npCompletions], activateOnTyping: true }),
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (void grade(), true) }])),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ "aria-label": `${t.editorLabel} exercises/${slug}.ts` }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          const ok = store.set(KEY.code(slug), u.state.doc.toString());
          savedNote.textContent = ok ? t.saved : "";
          if (watch.checked) {
            clearTimeout(watchTimer);
            watchTimer = setTimeout(() => void grade(), 800);
          }
        }),
      ],
    }),
  });
  const code = () => view.state.doc.toString();
  const setCode = (text: string) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  if (saved !== null) savedNote.textContent = t.loadedFromStorage;

  // ── Grading ─────────────────────────────────────────────────────────────────────────────────────
  const files = () => ({ [`${slug}.ts`]: code() });
  const workerUrl = URL.createObjectURL(new Blob([data.executor], { type: "text/javascript" }));
  const link = new WebWorkerLink(workerUrl, files);
  const locator = browserLocator(LEARNER_DIR, files, lessonHref);
  const report = $("[data-testid=report]");
  const gradeButton = $<HTMLButtonElement>("[data-testid=grade]");
  // ?seed=N reproduces the hidden cases of a report (as the CLI's --seed does).
  const seedParam = Number(new URLSearchParams(location.search).get("seed") ?? NaN);
  const hiddenSeed = Number.isSafeInteger(seedParam) && seedParam >= 0 && seedParam <= 2 ** 32 - 1 ? seedParam : Math.floor(Math.random() * 2 ** 31);
  // ?timeLimitMs=N lowers the exercise's time limit, never raises it (the tests' infinite loop times
  // out sooner with it). It is read from the page's address, which learner code, in its worker,
  // cannot change.
  const limitParam = Number(new URLSearchParams(location.search).get("timeLimitMs") ?? NaN);
  const specLimit = entry.spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const timeLimitMs = Number.isSafeInteger(limitParam) && limitParam > 0 ? Math.min(limitParam, specLimit) : undefined;
  let gen = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let lastResult: ExerciseResult | undefined;
  const hintsShown = () => Number(store.get(KEY.hints(slug)) ?? "0") || 0;

  const show = (r: ExerciseResult) => {
    report.innerHTML = renderReport(r, entry.spec.hints, Math.max(1, hintsShown()), t, hiddenSeed);
    report.dataset.status = r.status;
    report.dataset.points = `${r.points}/${r.maxPoints}`;
    report.setAttribute("aria-busy", "false");
    store.set(KEY.status(slug), r.status);
    paintNav();
    announce.textContent = t.announce(`${r.id} ${r.name}`, t.status[r.status], r.points, r.maxPoints);
  };

  async function gradeOnce(): Promise<void> {
    delete report.dataset.status;
    delete report.dataset.points;
    report.setAttribute("aria-busy", "true");
    gradeButton.textContent = t.grading;
    try {
      const r = await gradeExercise({
        exercise,
        course: entry!,
        link,
        root: "/",
        file: `${LEARNER_DIR}/${slug}.ts`,
        learnerDir: LEARNER_DIR,
        displayFile: `exercises/${slug}.ts`,
        base: "/",
        gen: ++gen,
        hiddenSeed,
        timeLimitMs,
        locator,
      });
      lastResult = r;
      show(r);
    } catch (e) {
      // The judge itself failed: say so, never as the learner's mistake.
      report.innerHTML = `<p class="message error">${escapeHtml(t.graderBroken)}: ${escapeHtml(e instanceof Error ? `${e.name}: ${e.message}` : String(e))}</p>`;
      report.dataset.status = "error";
      report.setAttribute("aria-busy", "false");
      announce.textContent = t.graderBroken;
    } finally {
      gradeButton.textContent = t.grade;
    }
  }

  /** Grades now, or once more right after the grading under way (the code may have changed since it started). */
  function grade(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await gradeOnce();
      } while (again);
      running = undefined;
    })();
    return running;
  }

  gradeButton.addEventListener("click", () => void grade());
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !view.hasFocus) {
      e.preventDefault();
      void grade();
    }
  });
  const watch = $<HTMLInputElement>("#watch");
  watch.checked = store.get(KEY.watch) === "1";
  watch.addEventListener("change", () => store.set(KEY.watch, watch.checked ? "1" : "0"));

  // ── Hints, one at a time ────────────────────────────────────────────────────────────────────────
  const hintList = $(".hints");
  const hintButton = $<HTMLButtonElement>(".hint-button");
  const paintHints = () => {
    const n = Math.min(hintsShown(), entry.spec.hints.length);
    hintList.innerHTML = entry.spec.hints
      .slice(0, n)
      .map((h, i) => `<li><strong>${escapeHtml(t.hint)} ${i + 1}/${entry.spec.hints.length}</strong> ${escapeHtml(h)}</li>`)
      .join("");
    hintButton.disabled = n >= entry.spec.hints.length;
    hintButton.textContent = n >= entry.spec.hints.length ? t.noMoreHints : t.nextHint;
  };
  hintButton.addEventListener("click", () => {
    store.set(KEY.hints(slug), String(hintsShown() + 1));
    paintHints();
    if (lastResult) show(lastResult);
    hintList.lastElementChild?.setAttribute("tabindex", "-1");
    (hintList.lastElementChild as HTMLElement | null)?.focus();
  });
  paintHints();

  // ── Reset to the stub, with undo ────────────────────────────────────────────────────────────────
  const undoButton = $<HTMLButtonElement>(".undo-button");
  const paintUndo = () => (undoButton.hidden = store.get(KEY.undo(slug)) === null);
  $(".reset-button").addEventListener("click", () => {
    store.set(KEY.undo(slug), code());
    setCode(entry.stub);
    paintUndo();
    announce.textContent = t.resetDone;
    undoButton.focus();
  });
  undoButton.addEventListener("click", () => {
    const kept = store.get(KEY.undo(slug));
    if (kept === null) return;
    setCode(kept);
    store.remove(KEY.undo(slug));
    paintUndo();
    view.focus();
  });
  paintUndo();

  // ── Export and import ───────────────────────────────────────────────────────────────────────────
  $(".export-button").addEventListener("click", () => {
    const enc = new TextEncoder();
    const zip = writeZip(slugs.map((s) => ({ name: `exercises/${s}.ts`, data: enc.encode(s === slug ? code() : codeOf(s, data.course)) })));
    download("dnn-workbook-exercises.zip", zip, "application/zip");
  });
  const importFiles = async (input: HTMLInputElement) => {
    const chosen = [...(input.files ?? [])];
    input.value = "";
    try {
      const found = await filesFromUpload(chosen, new Set(slugs));
      const names = Object.keys(found);
      for (const s of names) {
        if (s === slug) setCode(found[s]!);
        else store.set(KEY.code(s), found[s]!);
        store.remove(KEY.status(s));
      }
      paintNav();
      announce.textContent = names.length ? t.imported(names.length) : t.importNothing;
    } catch (e) {
      announce.textContent = `${t.importNothing} (${e instanceof Error ? e.message : String(e)})`;
    }
  };
  for (const input of document.querySelectorAll<HTMLInputElement>(".import-input")) input.addEventListener("change", () => void importFiles(input));

  // Start the executor while the learner reads.
  try {
    link.warmUp();
  } catch {
    report.innerHTML = `<p class="message error">${escapeHtml(t.needsServer)}</p>`;
  }
  body.dataset.ready = "true";
  // Navigation start → this moment: the page's time to interactive.
  performance.mark("dnn-workbook:interactive");
}
