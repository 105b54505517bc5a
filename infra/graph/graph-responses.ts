/** Reading Microsoft Graph's answers, the same way for every Graph client. */

/** Graph's error code (`{ error: { code } }`), when the body has one. */
export async function graphErrorCode(res: Response): Promise<string | undefined> {
  try {
    const json = (await res.json()) as { error?: { code?: unknown } };
    return typeof json.error?.code === 'string' ? json.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
