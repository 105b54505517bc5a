/** A readable id from a name or title: "Merton Police" → "merton-police"; accents dropped. No imports, so the tab bundles it too. */
export function slug(text: string, maxLength = Infinity): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength);
}
