import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../services/domain/calendar.js';
import { dashboardErrors } from '../../../services/domain/error-messages/dashboard.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SERVICES = join(ROOT, 'services');
/** The only places an error message may be written. */
const CATALOGUE = [join('services', 'domain', 'errors.ts'), join('services', 'domain', 'error-messages') + sep];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isWords = (node: ts.Node): boolean =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);

function containsWords(node: ts.Node): boolean {
  if (isWords(node)) return true;
  return ts.forEachChild(node, (child) => (containsWords(child) ? true : undefined)) ?? false;
}

/** `new DomainError(code, <words>…)`, `forbidden(<words>)` and `invalid(<words>)` written in `source`, as "line: text". */
function inlineMessages(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let worded: readonly ts.Expression[] = [];
    if (ts.isNewExpression(node) && node.expression.getText(file) === 'DomainError') worded = (node.arguments ?? []).slice(1);
    if (ts.isCallExpression(node) && ['forbidden', 'invalid'].includes(node.expression.getText(file))) worded = node.arguments;
    if (worded.some(containsWords)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${line + 1}: ${node.getText(file).split('\n')[0]!.slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('error messages live in the catalogue', () => {
  it('finds a message written at the throw (the scan can fail)', () => {
    const sample = [
      "throw new DomainError('ACTION.BUSY', 'Try again.');",
      'throw forbidden(`Only ${who} can.`);',
      "throw invalid(why ?? 'Bad input.');",
      'throw new DomainError(',
      "  'PERSON.SELF',",
      "  flag ? 'One.' : 'Two.',",
      ');',
      'throw actionErrors.busy();',
      "throw new DomainError('ACTION.BUSY', message, { ref });",
    ].join('\n');
    expect(inlineMessages('sample.ts', sample).map((s) => s.split(':')[0])).toEqual(['1', '2', '3', '4']);
  });

  it('no use case or domain rule in services/ words a DomainError, forbidden() or invalid() itself', () => {
    const offenders = sourceFiles(SERVICES)
      .map((path) => relative(ROOT, path))
      .filter((path) => !CATALOGUE.some((allowed) => path === allowed || path.startsWith(allowed)))
      .flatMap((path) => inlineMessages(path, readFileSync(join(ROOT, path), 'utf8')).map((hit) => `${path}:${hit}`));
    expect(offenders).toEqual([]);
  });
});

describe('the catalogue repeats only the start of what was typed', () => {
  it('a long unreadable date or year is cut short in the refusal', () => {
    const typed = `2026-13-01${'x'.repeat(5000)}`;
    expect(() => parseDate(typed)).toThrow(/^"2026-13-01x{29}…" is not a date in the form YYYY-MM-DD\.$/);
    expect(dashboardErrors.notAReportingYear('y'.repeat(5000), 2026).message.length).toBeLessThan(120);
    expect(() => parseDate('2026-02-30')).toThrow('"2026-02-30" is not a date in the form YYYY-MM-DD.');
  });
});
