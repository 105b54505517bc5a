/** A membership spreadsheet's or CSV file's problems (membership-sheet/*), codes `sheet.…`. */
export type SheetProblemFact = never;
