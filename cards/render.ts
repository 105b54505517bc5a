import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card ready to send: the expanded JSON. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[] } & Record<
  string,
  unknown
>;

const CACHE_SIZE = 2000;
const cache = new Map<string, string>();
const templateIds = new WeakMap<object, number>();
let nextTemplateId = 0;

/**
 * Expands a card template with its data. `$root` is the data; `$when` and `$data` work as in the
 * Adaptive Cards templating language. Expansion costs tens of milliseconds (every expression is
 * parsed each time), and a fan-out or a retried invoke renders the same view many times, so
 * results are memoised by template and data.
 */
export function expand<T extends object>(template: object, data: T): AdaptiveCard {
  let templateId = templateIds.get(template);
  if (templateId === undefined) templateIds.set(template, (templateId = nextTemplateId++));
  const key = `${templateId}\u0000${JSON.stringify(data)}`;
  let json = cache.get(key);
  if (json === undefined) {
    json = JSON.stringify(new ACData.Template(template).expand({ $root: data }));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, json);
  } else {
    cache.delete(key);
    cache.set(key, json);
  }
  return JSON.parse(json) as AdaptiveCard;
}
