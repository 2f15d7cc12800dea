/**
 * Reads vendor, model and firmware out of free-text system descriptions (LLDP System
 * Description, SNMP sysDescr, CDP software version). Industrial devices commonly use
 * comma-separated lists such as `Siemens, SIMATIC NET, SCALANCE X204-2, 6GK5 204-2BB10-2AA3, HW: Version 1, FW: Version V05.04.02`.
 */

export interface DescribedSystem {
  vendor?: string;
  model?: string;
  firmware?: string;
  hardware?: string;
}

const KNOWN_VENDORS = /^(siemens|phoenix contact|hirschmann|moxa|cisco|schneider electric|rockwell automation|allen-bradley|belden|westermo|ruggedcom|abb|wago|beckhoff|omron|mitsubishi|yokogawa|honeywell|emerson|ge|hms|red lion|advantech|b&r)\b/i;

/** Devices repeat their description in every advertisement: remember the last few answers. */
const remembered = new Map<string, Readonly<DescribedSystem>>();

/** What `description` says (the answer is shared between callers: read it, do not change it). */
export function describeSystem(description: string): Readonly<DescribedSystem> {
  let described = remembered.get(description);
  if (!described) {
    described = parse(description);
    if (remembered.size >= 256) remembered.clear();
    remembered.set(description, described);
  }
  return described;
}

function parse(description: string): DescribedSystem {
  const result: DescribedSystem = {};
  const firmware = /\b(?:FW|Firmware|Software|SW)\s*(?:[:=]\s*)?(?:Version|Ver\.?|Rev\.?)?\s*:?\s*(V?\d+(?:\.\d+){1,3}[A-Za-z0-9_-]*)/i.exec(description);
  if (firmware) result.firmware = firmware[1];
  else {
    const version = /\bVersion\s+(V?\d+(?:\.\d+){1,3}[A-Za-z0-9()_.-]*)/i.exec(description);
    if (version) result.firmware = version[1]?.replace(/,$/, '');
  }
  const hardware = /\bHW\s*:?\s*(?:Version\s*)?(\S+)/i.exec(description);
  if (hardware) result.hardware = hardware[1]?.replace(/,$/, '');
  const parts = description.split(',').map((p) => p.trim());
  const vendor = KNOWN_VENDORS.exec(parts[0] ?? '') ?? KNOWN_VENDORS.exec(description);
  if (vendor) result.vendor = (vendor[1] as string).replace(/\b\w/g, (c) => c.toUpperCase());
  if (parts.length >= 3 && vendor) {
    // The first part that looks like a product name after the vendor and product family.
    const model = parts.slice(1).find((p) => /\d/.test(p) && !/^(HW|FW)\b/i.test(p) && !/^\d/.test(p));
    if (model) result.model = model;
  }
  return result;
}
