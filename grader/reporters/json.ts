import type { Reporter } from "./types.ts";

/** The report as JSON: the schema is documented in the README ("JSON report"). */
export const json: Reporter = (report) => JSON.stringify(report, null, 2) + "\n";
