/**
 * The pure matching engine (issue 5). Entry points for the store and the one-shot scan:
 * - `specMatchKeys(spec)` / `targetMatchKeys(target)`: the index contract (keys.ts);
 * - `matchTarget(target, candidateSpecs, options)`: one finding per (target, vulnerability);
 * - `combineEvidence`, `applyVexStatements`: precedence and VEX;
 * - `assetTarget`, `componentTarget`: targets from inventory assets and SBOM components.
 */
export { matchTarget, matchTargetDetailed, prepareTarget, collectEvidence, withCsafComponents, type EngineOptions, type MatchResult } from './engine.js';
export { specMatchKeys, targetMatchKeys } from './keys.js';
export { combineEvidence, rankEvidence, decisionEvidence, tierName } from './precedence.js';
export { applyVexStatements, vexEvidence, vexProductMatches, type ApplyVexOptions } from './vex.js';
export { assetTarget, componentTarget } from './target.js';
export { deriveCpes, cpeProductName, cpeVersion, type DerivedCpe } from './derived/cpe.js';
export { canonicalVendor, cpeVendor, sameVendor, vendorAliasTable } from './normalize/vendor.js';
export { parseRangeText, evaluateRange, evaluateExactVersion, type RangePredicate } from './normalize/version.js';
export { orderNumberMatches, compareNames, specName, targetName } from './normalize/name.js';
export { matchCpeConfigurations } from './nvd/configurations.js';
export { identifyCsafSpec, matchCsafSpec, resolveComponents } from './csaf/matcher.js';
export { matchCve5Spec } from './cve5/matcher.js';
export { matchOsvSpec, evaluateOsvRange } from './osv/matcher.js';
export type { MatchableSpec, MatchOptions, PreparedTarget } from './types.js';
