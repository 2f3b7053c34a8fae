/**
 * console.log's text for a value, close to what Node prints: strings as they are, np arrays in
 * numpy's format (their inspect hook), arrays as `[ 1, 2 ]`, objects as `{ a: 1 }`.
 */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export function formatValue(value: unknown, depth = 0, seen = new Set<unknown>()): string {
  if (typeof value === "string") return depth === 0 ? value : `'${value}'`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return `[Function: ${value.name || "(anonymous)"}]`;
  if (typeof value !== "object" || value === null) return String(value);
  if (seen.has(value)) return "[Circular *]";
  try {
    const custom = (value as Record<symbol, unknown>)[INSPECT];
    if (typeof custom === "function") return String(custom.call(value));
    if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
    if (depth > 2) return Array.isArray(value) ? "[Array]" : "[Object]";
    seen.add(value);
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const list = value as unknown as ArrayLike<unknown>;
      const items = Array.from(list).slice(0, 100).map((v) => formatValue(v, depth + 1, seen));
      const more = list.length > 100 ? [`... ${list.length - 100} more items`] : [];
      const prefix = Array.isArray(value) ? "" : `${value.constructor.name}(${list.length}) `;
      return items.length ? `${prefix}[ ${[...items, ...more].join(", ")} ]` : `${prefix}[]`;
    }
    const entries = Object.keys(value).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${formatValue((value as Record<string, unknown>)[k], depth + 1, seen)}`);
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    const prefix = name && name !== "Object" ? `${name} ` : "";
    return entries.length ? `${prefix}{ ${entries.join(", ")} }` : `${prefix}{}`;
  } catch {
    return Object.prototype.toString.call(value);
  } finally {
    seen.delete(value);
  }
}
