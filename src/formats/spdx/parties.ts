/** SPDX value helpers shared by the 2.x JSON, tag-value and 3.0 readers. */
import type { SbomHash, SbomParty } from '../../model/sbom.js';

/** `NOASSERTION` and `NONE` say "unknown" / "nothing"; neither is a value to keep. */
export function isNoValue(value: string | undefined): boolean {
  return value === undefined || value === 'NOASSERTION' || value === 'NONE';
}

/** `Organization: ACME (ops@acme.example)` / `Person: Jane` / `Tool: syft-0.1` → party; NOASSERTION → undefined. */
export function parseSpdxParty(value: string | undefined): SbomParty | undefined {
  if (isNoValue(value)) return undefined;
  const match = /^\s*(Organization|Person|Tool)\s*:\s*(.*?)\s*(?:\(([^()]*)\))?\s*$/i.exec(value as string);
  if (!match) return { kind: 'unknown', name: (value as string).trim() };
  const kind = (match[1] as string).toLowerCase() as 'organization' | 'person' | 'tool';
  const email = match[3]?.trim();
  return { kind, name: match[2] || undefined, email: email || undefined };
}

/** `Tool: syft-0.68.1` → name `syft`, version `0.68.1` (SPDX writes tool and version joined by `-`). */
export function parseSpdxTool(name: string): { name: string; version?: string } {
  const match = /^(.*?)[-@ ]v?(\d[\w.+-]*)$/.exec(name.trim());
  return match ? { name: match[1] as string, version: match[2] } : { name: name.trim() };
}

const HASH_NAMES: Readonly<Record<string, string>> = {
  SHA1: 'SHA-1',
  SHA224: 'SHA-224',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
};

/** SPDX checksum algorithm (`SHA256`, `sha256`, `SHA3-256`, `BLAKE2b-256`) → CycloneDX-style name. */
export function normaliseHashAlgorithm(algorithm: string): string {
  const upper = algorithm.trim().toUpperCase().replace(/_/g, '-');
  return HASH_NAMES[upper] ?? (upper.startsWith('BLAKE2B') ? upper.replace('BLAKE2B', 'BLAKE2b') : upper);
}

export function hash(algorithm: string | undefined, value: string | undefined): SbomHash | undefined {
  if (!algorithm || !value) return undefined;
  return { alg: normaliseHashAlgorithm(algorithm), value: value.trim().toLowerCase() };
}

/** SPDX 2.3 `primaryPackagePurpose` / 3.0 `software_primaryPurpose` → CycloneDX component type. */
export function componentTypeOfPurpose(purpose: string | undefined): string {
  const key = (purpose ?? '').toUpperCase().replace(/-/g, '_');
  switch (key) {
    case 'APPLICATION':
    case 'FRAMEWORK':
    case 'LIBRARY':
    case 'CONTAINER':
    case 'DEVICE':
    case 'FIRMWARE':
    case 'FILE':
    case 'DATA':
      return key.toLowerCase();
    case 'OPERATING_SYSTEM':
    case 'OPERATINGSYSTEM':
      return 'operating-system';
    case 'MODEL':
      return 'machine-learning-model';
    case 'DEVICE_DRIVER':
    case 'DEVICEDRIVER':
      return 'device-driver';
    default:
      return 'library';
  }
}
