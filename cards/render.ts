import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card ready to send: the expanded JSON. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[] } & Record<
  string,
  unknown
>;

/**
 * Parsing a template's expressions costs ~15 ms and happens when a Template is constructed;
 * expanding a parsed one costs well under a millisecond. Expansion is synchronous, so one
 * parsed Template per template file is safe to share.
 */
const parsed = new WeakMap<object, ACData.Template>();

/**
 * Expands a card template with its data. `$root` is the data; `$when` and `$data` work as in the
 * Adaptive Cards templating language. Templates are JSON files beside this module.
 */
export function expand<T extends object>(template: object, data: T): AdaptiveCard {
  let compiled = parsed.get(template);
  if (!compiled) parsed.set(template, (compiled = new ACData.Template(template)));
  return compiled.expand({ $root: asMemory(data) }) as AdaptiveCard;
}

/**
 * The expression engine finds each property of a plain object by listing all its keys and comparing
 * them lower-cased, on every `${...}`; a Map it asks directly. So the card data and the plain
 * objects in it are handed over as Maps (lists, and what is in them, stay as they are).
 */
function asMemory(data: object): Map<string, unknown> {
  const memory = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data)) memory.set(key, isPlainObject(value) ? asMemory(value) : value);
  return memory;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
