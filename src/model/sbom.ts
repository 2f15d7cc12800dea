/**
 * Normalised SBOM and VEX records. CycloneDX, SPDX 2.x/3.0 and OpenVEX readers all produce these
 * shapes, so quality scoring, diffing, matching and the writers never look at a source format.
 */
import type { Issue, Place } from './errors.js';

export type SbomFormat = 'cyclonedx' | 'spdx';
export type SbomEncoding = 'json' | 'xml' | 'tag-value' | 'json-ld';

/** How bad a reported problem is: `error` breaks the standard, `warning` is suspicious but usable. */
export type IssueSeverity = 'error' | 'warning';

export interface SbomIssue extends Issue {
  severity: IssueSeverity;
}

/** A person, organisation or tool named in a document (supplier, author, manufacturer). */
export interface SbomParty {
  kind: 'organization' | 'person' | 'tool' | 'unknown';
  name?: string;
  email?: string;
  url?: string;
}

export interface SbomTool {
  name: string;
  vendor?: string;
  version?: string;
}

export interface SbomHash {
  /** Algorithm as written by the source, upper-cased with `-` (e.g. `SHA-256`, `SHA3-512`, `BLAKE2b-256`). */
  alg: string;
  /** Lower-case hex digest. */
  value: string;
}

export interface SbomExternalReference {
  /** CycloneDX type (`website`, `vcs`, `advisories`, ...) or SPDX `referenceType`. */
  type: string;
  url: string;
  comment?: string;
}

export interface SbomProperty {
  name: string;
  value: string;
}

/** One package, library, firmware, device, model or data set. */
export interface SbomComponent {
  /** CycloneDX `bom-ref` or SPDX `SPDXID`; synthesised (`component-<n>`) when the source has none. */
  ref: string;
  /** True when `ref` was synthesised because the source had no identifier. */
  refSynthesised?: boolean;
  /**
   * CycloneDX component type (`library`, `firmware`, `device`, `machine-learning-model`, `data`, ...);
   * SPDX `primaryPackagePurpose` mapped onto the same vocabulary (unknown → `library`).
   */
  type: string;
  name: string;
  version?: string;
  group?: string;
  description?: string;
  scope?: string;
  /** Supplier organisation name (CycloneDX `supplier.name`, SPDX `supplier`). */
  supplier?: SbomParty;
  /** CycloneDX 1.6 `manufacturer`, or SPDX `originator`. */
  manufacturer?: SbomParty;
  publisher?: string;
  author?: string;
  purl?: string;
  cpe?: string;
  /** SWID tag id, when present. */
  swid?: string;
  hashes: SbomHash[];
  /** Licences as SPDX expression strings (an SPDX id is a one-term expression). */
  licenses: string[];
  /** Licences known only by a free-text name (CycloneDX `license.name`), not SPDX identifiers. */
  licenseNames: string[];
  externalReferences: SbomExternalReference[];
  properties: SbomProperty[];
  /** CycloneDX ML-BOM `modelCard`, kept verbatim (JSON shape, also for XML input). */
  modelCard?: Record<string, unknown>;
  /** CycloneDX `data` component details (`data[]`), kept verbatim. */
  data?: unknown[];
  /** Nested components (CycloneDX `components` inside a component). */
  components: SbomComponent[];
  /** Where the component came from: JSON pointer, or line for XML / tag-value. */
  place: Place;
}

/** A directed relationship between two refs. */
export interface SbomDependency {
  from: string;
  to: string;
  /** `depends-on` (CycloneDX dependencies, SPDX DEPENDS_ON/DEPENDENCY_OF reversed), `contains`, ... */
  kind: string;
  place?: Place;
}

export interface SbomMetadata {
  timestamp?: string;
  tools: SbomTool[];
  authors: SbomParty[];
  supplier?: SbomParty;
  manufacturer?: SbomParty;
  /** CycloneDX `metadata.lifecycles[].phase|name` (generation context). */
  lifecycles: string[];
  /** CycloneDX `metadata.component`: the thing this BOM describes. */
  component?: SbomComponent;
  /** Refs the document describes (SPDX DESCRIBES / documentDescribes; CycloneDX metadata.component ref). */
  describes: string[];
  /** Document licence (SPDX `dataLicense`, CycloneDX `metadata.licenses`). */
  dataLicense?: string;
  /** CycloneDX `compositions[].aggregate` values, e.g. `complete`, `incomplete`, `unknown`. */
  completeness: string[];
  /** SPDX: count of NOASSERTION values met in component fields (known unknowns). */
  noAssertionCount?: number;
}

export interface SbomDocument {
  format: SbomFormat;
  /** `1.6`, `2.3`, `3.0.1`, ... */
  specVersion: string;
  encoding: SbomEncoding;
  /** CycloneDX `serialNumber` or SPDX `documentNamespace` / 3.0 document `spdxId`. */
  serialNumber?: string;
  /** CycloneDX BOM `version`. */
  version?: number;
  name?: string;
  metadata: SbomMetadata;
  /** Top-level components; nested ones live in `children`. */
  components: SbomComponent[];
  dependencies: SbomDependency[];
  /** Refs of elements that are not components but may end an edge (CycloneDX services, SPDX files). */
  otherRefs: string[];
  /** VEX statements carried inside the SBOM (CycloneDX `vulnerabilities[].analysis`). */
  vex: VexStatement[];
}

/** What a reader returns: the document plus every problem found, each with its place. */
export interface SbomReadResult {
  document: SbomDocument;
  issues: SbomIssue[];
}

/** Canonical VEX status (OpenVEX vocabulary; see standards.md §9 for the mapping). */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** OpenVEX / CSAF justification labels. */
export type VexJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';

export interface VexStatement {
  vulnerabilityId: string;
  aliases: string[];
  /** Product refs: bom-refs / `urn:cdx:` BOM-links (CycloneDX) or product `@id`s, usually purls (OpenVEX). */
  productRefs: string[];
  /** OpenVEX subcomponent ids (the vulnerable component inside the product). */
  subcomponentRefs: string[];
  status: VexStatus;
  justification?: VexJustification;
  impactStatement?: string;
  actionStatement?: string;
  statusNotes?: string;
  /** CycloneDX `analysis.response[]` (`update`, `workaround_available`, ...). */
  responses: string[];
  /** Terms exactly as the source wrote them, since the mapping is lossy. */
  original: { format: 'cyclonedx' | 'openvex'; status: string; justification?: string };
  /** When the statement was made (OpenVEX statement or document timestamp; CycloneDX `updated|published|created`). */
  timestamp?: string;
  firstIssued?: string;
  lastUpdated?: string;
  place: Place;
}

/** Flatten a component tree (depth first, parents before children). */
export function flattenComponents(components: readonly SbomComponent[]): SbomComponent[] {
  const out: SbomComponent[] = [];
  const stack = [...components].reverse();
  while (stack.length > 0) {
    const next = stack.pop() as SbomComponent;
    out.push(next);
    for (let i = next.components.length - 1; i >= 0; i--) stack.push(next.components[i] as SbomComponent);
  }
  return out;
}
