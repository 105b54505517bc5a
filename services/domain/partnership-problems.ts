/** The partnership configuration's problems (partnership-schema.ts, partnership-rules.ts, returns-config.ts), codes `config.…`. */
export type ConfigProblemFact = never;
