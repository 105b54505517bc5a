import { runRetention, type RetentionPorts } from './purge-expired.js';

export type { RetentionOutcome, RetentionPorts } from './purge-expired.js';

/** The retention use cases, composed once for app/compose.ts and the tests. */
export function retentionUseCases(ports: RetentionPorts) {
  return { run: () => runRetention(ports) };
}
export type RetentionUseCases = ReturnType<typeof retentionUseCases>;
