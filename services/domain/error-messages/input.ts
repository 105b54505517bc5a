/** A piece of what the person typed, short enough to repeat back in a refusal. */
export const echo = (text: string, max = 40): string => (text.length > max ? `${text.slice(0, max)}…` : text);
