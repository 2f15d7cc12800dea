/** CISA ADP SSVC options: keys and values matched case-insensitively; legacy v1 values mapped. */
import type { IntelSource, SsvcAutomatable, SsvcExploitation, SsvcOptions, SsvcTechnicalImpact } from '../../model/intel.js';
import { asArray, asObject, asString } from '../json/values.js';

const EXPLOITATION: Readonly<Record<string, SsvcExploitation>> = { none: 'none', poc: 'public poc', 'public poc': 'public poc', active: 'active' };
// SSVC v1 "Automatable" (called Utility inputs) used rapid/slow.
const AUTOMATABLE: Readonly<Record<string, SsvcAutomatable>> = { yes: 'yes', no: 'no', rapid: 'yes', slow: 'no' };
const TECHNICAL_IMPACT: Readonly<Record<string, SsvcTechnicalImpact>> = { partial: 'partial', total: 'total' };

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** Reads an `other.type: "ssvc"` content object. */
export function readSsvcContent(content: unknown, source: IntelSource): SsvcOptions | undefined {
  const object = asObject(content);
  if (!object) return undefined;
  const result: SsvcOptions = { raw: {}, source };
  const role = asString(object.role);
  const version = asString(object.version);
  const timestamp = asString(object.timestamp);
  if (role) result.role = role;
  if (version) result.version = version;
  if (timestamp) result.timestamp = timestamp;
  // Options are an array of one-key objects; tolerate one object with several keys too.
  const entries = Array.isArray(object.options)
    ? asArray(object.options).flatMap((option) => Object.entries(asObject(option) ?? {}))
    : Object.entries(asObject(object.options) ?? {});
  for (const [key, rawValue] of entries) {
    if (typeof rawValue !== 'string') continue;
    result.raw[key] = rawValue;
    const value = normalise(rawValue);
    switch (normalise(key)) {
      case 'exploitation':
        result.exploitation = EXPLOITATION[value] ?? result.exploitation;
        break;
      case 'automatable':
        result.automatable = AUTOMATABLE[value] ?? result.automatable;
        break;
      case 'technical impact':
        result.technicalImpact = TECHNICAL_IMPACT[value] ?? result.technicalImpact;
        break;
    }
  }
  return result;
}
