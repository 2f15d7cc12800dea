/**
 * SPDX 2.x tag-value → the SPDX JSON shape (then normalised by normalize2). Each package, file and
 * relationship remembers its line. Multi-line values are wrapped in `<text>…</text>`.
 */
import { InputError } from '../../model/errors.js';
import type { SbomIssue, SbomReadResult } from '../../model/sbom.js';
import { checkSbomIntegrity } from '../../engine/sbom/integrity.js';
import { decodeInput, type InputLimits, type JsonRecord } from '../cyclonedx/input.js';
import { normalizeSpdx2, SPDX_LINE } from './normalize2.js';

/** Tag → JSON property for the document, a package and a file. */
const DOCUMENT_TAGS: Readonly<Record<string, string>> = {
  SPDXVersion: 'spdxVersion',
  DataLicense: 'dataLicense',
  SPDXID: 'SPDXID',
  DocumentName: 'name',
  DocumentNamespace: 'documentNamespace',
  DocumentComment: 'comment',
};
const PACKAGE_TAGS: Readonly<Record<string, string>> = {
  SPDXID: 'SPDXID',
  PackageVersion: 'versionInfo',
  PackageFileName: 'packageFileName',
  PackageSupplier: 'supplier',
  PackageOriginator: 'originator',
  PackageDownloadLocation: 'downloadLocation',
  PackageHomePage: 'homepage',
  PackageLicenseConcluded: 'licenseConcluded',
  PackageLicenseDeclared: 'licenseDeclared',
  PackageCopyrightText: 'copyrightText',
  PackageSummary: 'summary',
  PackageDescription: 'description',
  PackageComment: 'comment',
  PrimaryPackagePurpose: 'primaryPackagePurpose',
  ReleaseDate: 'releaseDate',
  BuiltDate: 'builtDate',
  ValidUntilDate: 'validUntilDate',
  FilesAnalyzed: 'filesAnalyzed',
};
const FILE_TAGS: Readonly<Record<string, string>> = { SPDXID: 'SPDXID', LicenseConcluded: 'licenseConcluded' };

type Section = 'document' | 'package' | 'file' | 'snippet' | 'license' | 'other';

export function readSpdxTagValue(input: string | Uint8Array, limits: InputLimits = {}): SbomReadResult {
  const text = decodeInput(input, limits);
  const issues: SbomIssue[] = [];
  const root = parseTagValue(text, issues);
  const specVersion = /^SPDX-(\d+\.\d+)$/.exec(String(root.spdxVersion ?? ''))?.[1];
  if (!specVersion) {
    throw new InputError('not an SPDX tag-value document: no "SPDXVersion: SPDX-2.x" line', { code: 'not-spdx', issues });
  }
  if (!specVersion.startsWith('2.')) {
    throw new InputError(`SPDX ${specVersion} tag-value is not supported (2.x only)`, { code: 'unsupported-spdx-version' });
  }
  const ctx = { encoding: 'tag-value' as const, issues };
  const document = normalizeSpdx2(root, specVersion, ctx);
  issues.push(...checkSbomIntegrity(document));
  return { document, issues };
}

function withLine(record: JsonRecord, line: number): JsonRecord {
  Object.defineProperty(record, SPDX_LINE, { value: line, enumerable: false });
  return record;
}

function parseTagValue(text: string, issues: SbomIssue[]): JsonRecord {
  const root: JsonRecord = { creationInfo: { creators: [] as string[] }, packages: [], files: [], snippets: [], relationships: [], documentDescribes: [] };
  const creation = root.creationInfo as { creators: string[]; created?: string };
  const packages = root.packages as JsonRecord[];
  const files = root.files as JsonRecord[];
  const snippets = root.snippets as JsonRecord[];
  const relationships = root.relationships as JsonRecord[];
  let section: Section = 'document';
  let current: JsonRecord = root;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      issues.push({ severity: 'warning', code: 'tag-value-syntax', message: 'line is not "Tag: value"', line: lineNo });
      continue;
    }
    const tag = line.slice(0, colon).trim();
    let value = line.slice(colon + 1).trim();
    if (value.startsWith('<text>')) {
      // Multi-line value: read until the closing </text>.
      let body = value.slice('<text>'.length);
      while (!body.includes('</text>') && i + 1 < lines.length) body += `\n${lines[++i] as string}`;
      const end = body.indexOf('</text>');
      if (end === -1) issues.push({ severity: 'error', code: 'tag-value-syntax', message: `<text> value of ${tag} is never closed`, line: lineNo });
      value = (end === -1 ? body : body.slice(0, end)).trim();
    }
    switch (tag) {
      case 'PackageName':
        section = 'package';
        current = withLine({ name: value, checksums: [], externalRefs: [] }, lineNo);
        packages.push(current);
        continue;
      case 'FileName':
        section = 'file';
        current = withLine({ fileName: value, checksums: [] }, lineNo);
        files.push(current);
        continue;
      case 'SnippetSPDXID':
        section = 'snippet';
        current = withLine({ SPDXID: value }, lineNo);
        snippets.push(current);
        continue;
      case 'LicenseID':
        section = 'license';
        current = { licenseId: value };
        continue;
      case 'Creator':
        creation.creators.push(value);
        continue;
      case 'Created':
        creation.created = value;
        continue;
      case 'Relationship': {
        const [from, type, to] = value.split(/\s+/);
        if (!from || !type || !to) issues.push({ severity: 'warning', code: 'invalid-relationship', message: `malformed Relationship "${value}"`, line: lineNo });
        else relationships.push(withLine({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to }, lineNo));
        continue;
      }
      case 'PackageChecksum':
      case 'FileChecksum': {
        const [algorithm, checksum] = splitOnce(value, ':');
        if (algorithm && checksum && (section === 'package' || section === 'file')) {
          (current.checksums as JsonRecord[]).push({ algorithm, checksumValue: checksum });
        }
        continue;
      }
      case 'ExternalRef': {
        const [category, type, locator] = value.split(/\s+/);
        if (section === 'package' && category && type && locator) {
          (current.externalRefs as JsonRecord[]).push({ referenceCategory: category, referenceType: type, referenceLocator: locator });
        } else {
          issues.push({ severity: 'warning', code: 'tag-value-syntax', message: `malformed ExternalRef "${value}"`, line: lineNo });
        }
        continue;
      }
    }
    const property = (section === 'document' ? DOCUMENT_TAGS : section === 'package' ? PACKAGE_TAGS : section === 'file' ? FILE_TAGS : {})[tag];
    if (property && current[property] === undefined) current[property] = value;
  }
  return root;
}

function splitOnce(value: string, separator: string): [string | undefined, string | undefined] {
  const at = value.indexOf(separator);
  return at === -1 ? [undefined, undefined] : [value.slice(0, at).trim(), value.slice(at + 1).trim()];
}
