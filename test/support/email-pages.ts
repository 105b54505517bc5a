/** Reading an email's answer links and using their pages over HTTP, against a test server whose port differs from the configured one. */
export function emailPages(baseUrl: () => string) {
  /** A mail link pointed at this test's server (links use the configured port). */
  const local = (url: string) => `${baseUrl()}${new URL(url).pathname}${new URL(url).search}`;
  return {
    linkIn: (text: string, label: string) => local(new RegExp(`^${label} \\(opens a page where you confirm\\): (\\S+)$`, 'm').exec(text)![1]!),
    tokenOf: (url: string) => new URL(url).pathname.split('/').at(-1)!,
    get: async (url: string) => {
      const res = await fetch(url);
      return { status: res.status, html: await res.text() };
    },
    send: async (url: string, form: Record<string, string>) => {
      const res = await fetch(url.split('?')[0]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      return { status: res.status, html: await res.text() };
    },
  };
}
