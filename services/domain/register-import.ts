/**
 * Reading the action register and the policy register from CSV. A file is all or nothing: every row
 * is checked first and every problem is reported with its line, so a bad row stores nothing.
 */
export * from './register-cells.js';
export * from './action-register-import.js';
export * from './policy-register-import.js';
