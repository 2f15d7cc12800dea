export {
  ANY,
  NA,
  MAX_CPE_LENGTH,
  WFN_ATTRIBUTES,
  SPEC_ATTRIBUTE_NAMES,
  attributeText,
  createWfn,
  hasWildcards,
  isAny,
  isLogical,
  isNa,
  normalizeWfn,
  quoteLiteral,
  splitWildcards,
  vendorProductKey,
  wfnFromText,
  type LogicalValue,
  type Wfn,
  type WfnAttribute,
  type WfnValue,
  type WildcardParts,
} from './wfn.js';
export { bindToFs, parseCpe23, type CpeParseOptions } from './formatted.js';
export { bindToUri, parseCpe22 } from './uri.js';
export { parseCpe, toCpe23, tryParseCpe } from './parse.js';
export {
  compareAttribute,
  compareWfns,
  cpeMatches,
  isDisjoint,
  isEqual,
  isSubset,
  isSuperset,
  matchIgnoring,
  nameRelation,
  type AttributeRelation,
  type NameRelation,
} from './match.js';
