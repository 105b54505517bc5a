import type { GraphTokenProvider } from './graph-installer.js';
import { retryAfterMs, sleep } from './graph-responses.js';

/** Which answers are tried again, how often, and how long a wait is worth it. */
export interface GraphRetry {
  statuses: ReadonlySet<number>;
  maxRetries: number;
  /** A Retry-After (or the backoff, 500 ms × 2^attempt, without one) longer than this is not waited for. */
  maxWaitMs: number;
  onRetry?(status: number, waitMs: number): void;
}

export interface GraphRequest {
  /** e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL), or the local stand-in. */
  baseUrl: string;
  path: string;
  /** The managed identity's token, or GRAPH_DEV_TOKEN; asked for again on every attempt. */
  token: GraphTokenProvider;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Without it, one attempt. */
  retry?: GraphRetry;
}

/** How a request ended: Graph's last answer (ok or not), or why there was none. */
export type GraphOutcome =
  | { kind: 'answered'; res: Response }
  | { kind: 'no-token'; reason: string }
  | { kind: 'unreachable'; timedOut: boolean; reason: string };

/**
 * One Microsoft Graph request for every Graph client: the bearer token, the timeout, and retries of
 * the answers `retry` names, honouring Retry-After up to its cap. What an answer means is the
 * caller's to decide.
 */
export async function requestGraph(r: GraphRequest): Promise<GraphOutcome> {
  for (let attempt = 0; ; attempt++) {
    let token: string;
    try {
      token = await r.token();
    } catch (err) {
      return { kind: 'no-token', reason: (err as Error).message };
    }
    let res: Response;
    try {
      res = await fetch(`${r.baseUrl}${r.path}`, {
        method: r.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, ...r.headers },
        body: r.body,
        signal: AbortSignal.timeout(r.timeoutMs),
      });
    } catch (err) {
      return { kind: 'unreachable', timedOut: (err as Error).name === 'TimeoutError', reason: (err as Error).message };
    }
    const retry = r.retry;
    if (res.ok || !retry || !retry.statuses.has(res.status) || attempt >= retry.maxRetries) return { kind: 'answered', res };
    const wait = retryAfterMs(res) ?? 500 * 2 ** attempt;
    if (wait > retry.maxWaitMs) return { kind: 'answered', res };
    await res.body?.cancel();
    retry.onRetry?.(res.status, wait);
    await sleep(wait);
  }
}
