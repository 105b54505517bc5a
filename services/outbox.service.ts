// The outbox lives in services/outbox/ (one slice per step); this name stays for its importers.
export * from './outbox/index.js';
