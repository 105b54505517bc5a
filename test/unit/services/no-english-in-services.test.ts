import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../services/domain/membership-sheet/columns.js';
import { RETURNS_COLUMNS, RETURNS_FIELDS, RETURNS_SHEET_NAMES } from '../../../services/domain/membership-sheet/returns-sheets.js';
import { RULE_GRAMMAR } from '../../../services/domain/membership-sheet/rule-text.js';

/**
 * Issue #13: every sentence a person reads is worded in cards/ (or tab/); services/ returns codes and facts.
 * This scans every string literal in services/ for something that reads as an English sentence.
 */

const ROOT = join(import.meta.dirname, '../../..');

/** Where English belongs in services/: the error catalogue. */
const CATALOGUE = [/^services\/domain\/errors\.ts$/, /^services\/domain\/error-messages\//];

/**
 * The spreadsheet's column headers are the file format, not sentences; a decision's results are stored codes that
 * happen to read as English (DecisionResult; cards/consultation/words.ts words them).
 */
const FILE_FORMAT = new Set<string>([
  ...Object.values(COLUMNS).flat(),
  ...RETURNS_SHEET_NAMES,
  ...Object.values(RETURNS_COLUMNS).flat(),
  ...Object.values(RETURNS_FIELDS),
  // The rule cells' grammar (what a manager types in Quorum, Absence, Decision, Proxies; what the export writes).
  ...Object.values(RULE_GRAMMAR),
  'no votes cast',
  'agreed by consensus',
]);

/**
 * The catalogue's refusals (error-catalogue.test.ts checks that only the catalogue words them) and programmers' errors
 * (Error, TypeError, RangeError: a broken invariant or setting, never shown to a member).
 */
const THROWERS = new Set(['DomainError', 'forbidden', 'invalid', 'Error', 'TypeError', 'RangeError']);
/** Operators' log lines are not read by the product's users. */
const LOGGERS = new Set(['info', 'warn', 'error', 'debug']);

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Three or more words, at least one of them a lower-case word of two letters or more: a sentence, not a code or a name. */
export function readsAsSentence(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 3) return false;
  const plain = words.filter((w) => /^[("']?[A-Za-z][a-z']*[.,:;!?)"']*$/.test(w));
  return plain.length >= 3 && plain.some((w) => /^[("']?[a-z]{2,}/.test(w));
}

function exempt(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && THROWERS.has(n.expression.text)) return true;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee) && THROWERS.has(callee.text)) return true;
      // An Error subclass's own message.
      if (callee.kind === ts.SyntaxKind.SuperKeyword) return true;
      if (ts.isPropertyAccessExpression(callee) && LOGGERS.has(callee.name.text)) return true;
    }
    // A thing's name (a bank holiday's, a body's) is data, not a sentence.
    if (ts.isPropertyAssignment(n) && n.initializer === node && ts.isIdentifier(n.name) && n.name.text === 'name') return true;
  }
  return false;
}

/** The file's sentences. */
function sentencesIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('X');
    if (text !== undefined && !ts.isImportDeclaration(node.parent) && !FILE_FORMAT.has(text) && readsAsSentence(text) && !exempt(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${text.slice(0, 80)}`);
    }
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else node.templateSpans.forEach((s) => ts.forEachChild(s.expression, visit));
  };
  visit(source);
  return found;
}

/** Parsing every file of services/ takes seconds on a loaded machine: a limit, not a speed target. */
const SCAN_TIMEOUT_MS = 60_000;

describe('services/ holds no English sentences outside the error catalogue (#13)', () => {
  const files = filesUnder('services').map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/'));
  const scanned = files.filter((f) => !CATALOGUE.some((re) => re.test(f)));

  it('tells a sentence from a code, a name or a column header', () => {
    expect(readsAsSentence('the due date 2026-01-31 is in the past.')).toBe(true);
    expect(readsAsSentence('Did not attend X consecutive meetings')).toBe(true);
    expect(readsAsSentence('absence.review.recovered')).toBe(false);
    expect(readsAsSentence('Metropolitan Police')).toBe(false);
    expect(readsAsSentence('SELECT * FROM c WHERE c.partnershipId = @p')).toBe(false);
    expect(FILE_FORMAT.has('Meetings a year')).toBe(true);
  });

  it('finds none', () => {
    expect(scanned.flatMap(sentencesIn)).toEqual([]);
  }, SCAN_TIMEOUT_MS);
});
