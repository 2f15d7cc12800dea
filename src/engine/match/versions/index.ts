export * from './scheme.js';
export { semverScheme, npmScheme, parseSemver } from './semver.js';
export { goScheme, parseGoVersion, parseGoPseudoVersion, type GoPseudoVersion } from './golang.js';
export { debianScheme, parseDebianVersion, compareDebianVersions, verrevcmp, type DebianVersion } from './debian.js';
export { rpmScheme, parseRpmVersion, compareRpmVersions, rpmvercmp, type RpmVersion } from './rpm.js';
export { mavenScheme, parseMavenVersion, mavenCanonical, type MavenList } from './maven.js';
export { pep440Scheme, parsePep440, comparePep440, type Pep440Version } from './pep440.js';
export { genericScheme, parseGenericVersion, type GenericToken } from './generic.js';
export {
  firmwareScheme,
  createFirmwareScheme,
  parseFirmwareVersion,
  compareFirmwareVersions,
  type FirmwareOptions,
  type FirmwareVersion,
  type FirmwareQualifier,
  type QualifierLevel,
} from './firmware.js';
export { intdotScheme, lexicographicScheme } from './simple.js';
export { schemeFor, schemeNames, schemeForPurlType, schemeForOsvEcosystem, schemeForCve5VersionType, schemeForVers } from './registry.js';
export { evaluateNvdRange, inNvdRange, type NvdVersionBounds, type RangeVerdict, type RangeEvaluation } from './nvdRange.js';
export { orderingViolations, equalityViolations } from './conformance.js';
