/**
 * The type checker, for the learner: what the TypeScript compiler says about one exercise file,
 * each problem in numpy's terms where a rule knows it (./numpy-terms.ts).
 *
 * A type error never changes a grade: the checks run the code and decide. Many type errors are
 * also runtime mistakes (`np.dot(W, A) + b`), which fail a check with their own words; the others
 * (a `number | NDArray` returned where a number is declared) do not change what the code does, and
 * stay warnings.
 *
 * One language service per session, one root file at a time, incremental: watch mode keeps it
 * warm, so a save re-checks only the saved file (the standard library and lib/np stay parsed and
 * bound). The compiler is loaded only when a file is checked, so commands that never type-check
 * never pay for it.
 */
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type * as TS from "typescript";
import { ROOT } from "../exercises.ts";
import type { TypeWarning } from "../types.ts";
import { numpyTerms } from "./numpy-terms.ts";

let loaded: typeof TS | undefined;
/** The TypeScript compiler (CommonJS, loaded synchronously on first use). */
function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)("typescript") as typeof TS;
  return loaded;
}

/**
 * What an exercise sees at run time besides lib/: the executor's console and timers (the
 * workbook's tsconfig has Node's types for its own code; an exercise needs only these).
 */
const GLOBALS = `
interface Console { log(...data: any[]): void; error(...data: any[]): void; warn(...data: any[]): void; info(...data: any[]): void; debug(...data: any[]): void; table(data: any): void; }
declare var console: Console;
declare function setTimeout(handler: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(id: any): void;
declare function structuredClone<T>(value: T): T;
declare var performance: { now(): number };
`;

export type TypeCheckerOptions = {
  /** The workbook whose lib/ the exercises import (as the executor maps `../lib/…`). */
  root?: string;
  /** Locations are shown relative to this folder (default: the current folder). */
  base?: string;
};

export class TypeChecker {
  private readonly root: string;
  private readonly base: string;
  private readonly ts = typescript();
  private readonly service: TS.LanguageService;
  private readonly globalsFile: string;
  private files: string[] = [];
  /** File versions by path: the modification time and size, re-read on every check (cheap: one stat). */
  private readonly versions = new Map<string, string>();

  constructor(o: TypeCheckerOptions = {}) {
    this.root = o.root ?? ROOT;
    this.base = o.base ?? process.cwd();
    const ts = this.ts;
    this.globalsFile = join(this.root, "grader", "typecheck", "__exercise-globals.d.ts");
    const options: TS.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      // ES modules wherever the learner's folder is (NodeNext would read a folder without a
      // package.json as CommonJS); the executor loads every exercise as an ES module.
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noFallthroughCasesInSwitch: true,
      types: [],
    };
    const libDir = join(this.root, "lib");
    const host: TS.LanguageServiceHost = {
      getScriptFileNames: () => [this.globalsFile, ...this.files],
      getScriptVersion: (f) => (f === this.globalsFile ? "1" : this.version(f)),
      getScriptSnapshot: (f) => {
        if (f === this.globalsFile) return ts.ScriptSnapshot.fromString(GLOBALS);
        try {
          return ts.ScriptSnapshot.fromString(readFileSync(f, "utf8"));
        } catch {
          return undefined;
        }
      },
      getCurrentDirectory: () => this.root,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === this.globalsFile || ts.sys.fileExists(f),
      readFile: (f) => (f === this.globalsFile ? GLOBALS : ts.sys.readFile(f)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      // `../lib/…` is the workbook's lib/, wherever the learner's folder is (as the executor maps it).
      resolveModuleNameLiterals: (literals, containingFile, _ref, opts) =>
        literals.map((lit) => {
          const lib = /(?:^|\/)lib\/(.+)$/.exec(lit.text);
          if (lib && lit.text.startsWith(".") && !resolve(dirname(containingFile), lit.text).startsWith(libDir)) {
            const target = join(libDir, lib[1]!);
            if (ts.sys.fileExists(target)) return { resolvedModule: { resolvedFileName: target, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
          }
          // Another exercise the learner's folder does not have is graded with its reference version: type it so too.
          const sibling = /^\.\/(\d{2}_[a-z][a-z0-9_]*\.ts)$/.exec(lit.text);
          if (sibling && !ts.sys.fileExists(join(dirname(containingFile), sibling[1]!))) {
            const target = join(this.root, "solutions", sibling[1]!);
            if (ts.sys.fileExists(target)) return { resolvedModule: { resolvedFileName: target, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
          }
          return ts.resolveModuleName(lit.text, containingFile, opts, ts.sys);
        }),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  private version(file: string): string {
    try {
      const s = statSync(file);
      const v = `${s.mtimeMs}:${s.size}`;
      this.versions.set(file, v);
      return v;
    } catch {
      return "missing";
    }
  }

  /** The compiler's problems in `file` (not in what it imports), each in numpy's terms when a rule knows it. */
  check(file: string): TypeWarning[] {
    const path = resolve(file);
    if (!this.files.includes(path)) this.files = [path];
    const ts = this.ts;
    const diagnostics = [...this.service.getSyntacticDiagnostics(path), ...this.service.getSemanticDiagnostics(path)];
    const source = this.service.getProgram()?.getSourceFile(path);
    const shown = relative(this.base, path);
    const where = shown && !shown.startsWith("..") ? shown : path;
    return diagnostics
      .filter((d) => d.category === ts.DiagnosticCategory.Error && d.start !== undefined)
      .map((d) => {
        const { line, character } = source ? source.getLineAndCharacterOfPosition(d.start!) : { line: 0, character: 0 };
        // Types are named as the learner writes them: NDArray, not import("/…/lib/np/ndarray", …).NDArray.
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n").replace(/import\("[^"]*"(?:, \{ with: \{[^}]*\} \})?\)\./g, "");
        const numpy = source ? numpyTerms(ts, d.code, message, source, d.start!, d.length ?? 0) : undefined;
        return { location: `${where}:${line + 1}:${character + 1}`, code: d.code, message, ...(numpy ? { numpy } : {}) };
      });
  }

  /** Frees the service (the next check builds it again). */
  dispose(): void {
    this.service.dispose();
  }
}
