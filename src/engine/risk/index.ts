/**
 * The pure risk engine (issue 8): scores, SSVC decisions with rationale, BOD 26-04 and policy
 * deadlines, "applied before exploitation", risk rollups and the remediation state machine. No
 * I/O. See README.md for the formulas, precedences and rules.
 */
export * from './values.js';
export { parseInstant, dayOf, dayOfText, dayText, nowMs, DAY_MS, NO_DAY, type Now } from './dates.js';
export * from './scores.js';
export { readExploitStatusText, isExploitReference, type TextReading } from './exploit-text.js';
export * from './vulnerability-inputs.js';
export * from './asset-inputs.js';
export * from './overrides.js';
export * from './ssvc-table.js';
export * from './ssvc.js';
export * from './deadline.js';
export * from './bod.js';
export * from './policy.js';
export * from './timing.js';
export * from './rollup.js';
export * from './fixed-version.js';
export * from './actions.js';
export * from './remediation.js';
export * from './assess.js';
export * from './batch.js';
export * from './evidence.js';
