import { readFile } from 'node:fs/promises';
import { invalidConfigurationText } from '../cards/membership/config-problem-words.js';
import type { Partnership } from '../services/domain/directory.js';
import { DomainError } from '../services/domain/errors.js';
import type { ConfigProblem } from '../services/domain/partnership-problems.js';
import { parsePartnership } from '../services/domain/partnership-schema.js';

/**
 * A partnership configuration file (partnerships/*.json), validated. A JSON syntax error names the
 * file, line and column; a configuration error lists every problem with its path (parsePartnership), worded by
 * the membership presenter for the operator.
 */
export async function readPartnershipFile(path: string): Promise<Partnership> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DomainError('PARTNERSHIP.UNREADABLE', `I could not read the partnership file ${path}: ${(err as Error).message}`, { file: path });
  }
  text = text.replace(/^\uFEFF/, '');

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message.replace(/ in JSON at position \d+.*$/, '');
    const position = syntaxErrorOffset(text) ?? Number(/at position (\d+)/.exec((err as Error).message)?.[1] ?? text.length);
    const { line, column } = lineAndColumn(text, position);
    throw new DomainError(
      'PARTNERSHIP.INVALID',
      `${path}: not valid JSON at line ${line}, column ${column} (position ${position}): ${reason}`,
      { file: path, line, column, position },
    );
  }

  try {
    return parsePartnership(json);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'PARTNERSHIP.INVALID') {
      const problems = err.details?.problems as ConfigProblem[];
      throw new DomainError(err.code, `${path}: ${invalidConfigurationText(problems)}`, { file: path, ...err.details });
    }
    if (err instanceof DomainError) throw new DomainError(err.code, `${path}: ${err.message}`, { file: path, ...err.details });
    throw err;
  }
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - (before.lastIndexOf('\n') + 1) + 1 };
}

class JsonStop extends Error {
  constructor(readonly at: number) {
    super('json syntax error');
  }
}

/**
 * Where the first JSON syntax error is. V8 reports a position for some errors only ("Unexpected
 * token 'x', ... is not valid JSON" has none), so the file is scanned to point at the fault.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at = i): never => {
    throw new JsonStop(at);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail(i + 1);
        continue;
      }
      if (c < ' ') fail();
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (c !== literal[0]) continue;
      let k = 0;
      while (k < literal.length && text[i + k] === literal[k]) k++;
      if (k < literal.length) fail(i + k);
      i += k;
      return;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!number || number[0] === '-' || number[0] === '') fail();
    i += number![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (err) {
    if (err instanceof JsonStop) return err.at;
    throw err;
  }
}
