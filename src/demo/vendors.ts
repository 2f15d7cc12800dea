/**
 * Which IEEE OUI registrants count as "the same vendor family" as an asset's vendor.
 * Used to pick realistic MAC prefixes and to check them against `oui-data`.
 *
 * Registrant names are matched at the start of the first line, case-insensitively, on a word
 * boundary (so `dell` does not match "DellKing Industrial" and `abb` does not match "Abbey").
 */
export const VENDOR_OUI_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  Siemens: ['siemens', 'ruggedcom'], // RuggedCom was acquired by Siemens in 2012 and kept its OUIs.
  'Rockwell Automation': ['rockwell automation'],
  // Modicon NICs still carry Telemecanique's 00:80:F4; Triconex came with Invensys (acquired 2014).
  'Schneider Electric': ['schneider electric', 'telemecanique', 'invensys'],
  'Schweitzer Engineering Laboratories': ['schweitzer engineering'],
  ABB: ['abb'],
  // Hitachi Energy is the former ABB Power Grids; older RTU560 units carry ABB OUIs.
  'Hitachi Energy': ['hitachi energy', 'abb'],
  'GE Vernova': ['ge', 'ge vernova', 'general electric'],
  HIMA: ['hima paul hildebrandt'],
  Moxa: ['moxa'],
  Cisco: ['cisco systems'],
  Hirschmann: ['hirschmann', 'belden'],
  Fortinet: ['fortinet'],
  Dell: ['dell inc', 'dell emc', 'dell technologies'],
  'Endress+Hauser': ['endress & hauser', 'endress+hauser'],
  Hach: ['hach'],
  Emerson: ['emerson', 'rosemount', 'fisher-rosemount'],
};

/**
 * Software vendors whose products run on third-party server hardware: their assets' MACs come
 * from the hardware OEM, not from the software vendor. The documented OEM exceptions.
 */
export const OEM_HARDWARE: Readonly<Record<string, string>> = {
  AVEVA: 'Dell',
  OSIsoft: 'Dell',
  'Inductive Automation': 'Dell',
};

/** The vendor whose OUIs an asset of `vendor` should carry (the OEM for software-only vendors). */
export function nicVendor(vendor: string): string {
  return OEM_HARDWARE[vendor] ?? vendor;
}

/** True when the first line of an OUI registrant name belongs to the vendor's family. */
export function ouiBelongsTo(registrant: string, vendor: string): boolean {
  const family = VENDOR_OUI_FAMILIES[nicVendor(vendor)];
  if (!family) return false;
  const firstLine = (registrant.split('\n')[0] ?? '').trim();
  return family.some((prefix) => new RegExp(`^${escapeRegExp(prefix)}\\b`, 'i').test(firstLine));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
