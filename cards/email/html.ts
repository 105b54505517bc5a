/** Escapes text for HTML content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Only http(s) and mailto links are ever written into a page or an email. */
export const safeUrl = (url: unknown): string | undefined =>
  typeof url === 'string' && /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
