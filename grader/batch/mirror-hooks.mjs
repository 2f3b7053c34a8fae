// Module hooks of the compiled mirror (see ./compile.ts): every file in it is already JavaScript,
// but keeps its .ts name so that the grader's paths and the learner's imports stay as they are.
// Node 20 does not know the .ts extension, so this hook says the format: an ES module.
export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && /\.ts(?:[?#]|$)/.test(url)) {
    return nextLoad(url, { ...context, format: "module" });
  }
  return nextLoad(url, context);
}
