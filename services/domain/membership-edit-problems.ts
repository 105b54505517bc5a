/** The Members page's edit problems and the membership's own rules (membership-edit.ts, membership.ts, services/membership/), codes `edit.…`. */
export type EditProblemFact = never;
