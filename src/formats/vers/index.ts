export { parseVers, formatVers, versError, MAX_VERS_LENGTH, type VersComparator, type VersConstraint, type VersRange, type VersParseOptions } from './vers.js';
export { validateVers, normalizeVers, toComparator, type VersionComparator, type ComparatorLike } from './order.js';
export { contains, containsVersion, type Containment, type ContainmentResult } from './contains.js';
