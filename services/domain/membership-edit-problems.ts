/**
 * The Members page's edit problems and the membership's own rules (membership-edit.ts, membership.ts,
 * services/membership/), codes `edit.…`; cards/membership/edit-problem-words.ts words them.
 */

/** What the edit request's schema finds wrong with its shape (membership-edit.ts); the field is the place. */
export type EditShapeFact =
  /** The value matches none of the forms a union accepts (an edit kind, a person pick). */
  | { code: 'edit.not-a-form' }
  /** A JSON type where another was expected: both are type names ("string", "object", "array", …). */
  | { code: 'edit.wrong-type'; expected: string; received: string }
  /** A value outside the schema's own list (a role code, say). */
  | { code: 'edit.not-an-option'; options: (string | number | boolean | null)[] }
  /** Too long (a string, in characters) or too many (an array, in items). */
  | { code: 'edit.too-big'; origin: string; maximum: number; bound: SizeBound }
  | { code: 'edit.too-small'; origin: string; minimum: number; bound: SizeBound }
  /** Not in its format ("guid", …). */
  | { code: 'edit.bad-format'; format: string }
  /** Keys the edit does not have: at most ten, each cut to 40 characters. */
  | { code: 'edit.unknown-keys'; keys: string[] }
  /** Anything else the schema refuses. */
  | { code: 'edit.invalid' };

/** How a size limit reads: exactly, at most (or at least), or below (or above) it. */
export type SizeBound = 'exactly' | 'inclusive' | 'exclusive';

/** What an edit or an import cannot do, found while applying or planning it. */
export type EditRuleFact =
  /** The effective date is not a date (`given`: its first 20 characters). */
  | { code: 'edit.not-a-date'; given: string }
  /** A first-run edit other than the setup, before the partnership is set up. */
  | { code: 'edit.not-set-up' }
  /** The setup again, once the partnership is set up. */
  | { code: 'edit.set-up-already' }
  /** The setup without a name. */
  | { code: 'edit.name-needed' }
  /** A seat for a body that is not there. */
  | { code: 'edit.body-needed' }
  /** A seat's pick of someone no longer in the partnership's directory. */
  | { code: 'edit.person-gone' }
  /** A seat's pick of someone the tenant's directory no longer has. */
  | { code: 'edit.user-gone' }
  /** The manager would hold no manager seat after the change. */
  | { code: 'edit.locked-out' }
  /** An imported file of another partnership than the one stored. */
  | { code: 'edit.other-partnership'; fileId: string; storedId: string }
  /** A stored body the change leaves out (bodies are never removed). */
  | { code: 'edit.body-missing'; body: string };

export type EditProblemFact = EditShapeFact | EditRuleFact;
