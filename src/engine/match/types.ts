/**
 * What every matcher takes and gives. A matcher is a pure function (spec, prepared target) →
 * evidence; the engine (engine.ts) groups evidence by vulnerability and applies precedence.
 */
import type { Evidence, EvidenceSource, MatchIssue, MatchTarget } from '../../model/finding.js';
import type { CsafProduct, ProductSpec } from '../../model/intel.js';
import type { Purl } from '../../formats/purl/index.js';
import type { Wfn } from '../../formats/cpe/index.js';
import type { TargetName } from './normalize/name.js';

/**
 * A product spec as the store hands it to the engine: the normalised spec plus, optionally, its
 * store id, its document revision and, for CSAF relationship products, the component products
 * (so that no advisory lookup is needed; see `withCsafComponents`).
 */
export type MatchableSpec = ProductSpec & {
  id?: string | undefined;
  revision?: string | undefined;
  components?: CsafProduct[] | undefined;
};

export interface MatchOptions {
  /** Resolves a CSAF product of an advisory (relationship components) when the spec does not embed them. */
  csafProducts?: ((advisoryId: string, productId: string) => CsafProduct | undefined) | undefined;
  /** Derive CPE candidates for assets that carry no CPE (default true). */
  deriveCpes?: boolean | undefined;
  /** Largest number of `cpeMatch` entries evaluated in one spec before answering "cannot decide" (default 200,000). */
  maxCriteria?: number | undefined;
}

export interface TargetCpe {
  text: string;
  wfn?: Wfn | undefined;
  error?: string | undefined;
  /** True for CPE candidates derived by Bulwark (confidence `derived`). */
  derived: boolean;
  /** How the candidate was derived, for the explanation. */
  derivation?: string | undefined;
}

/** A target with everything the matchers need parsed once. */
export interface PreparedTarget {
  target: MatchTarget;
  vendor: string | undefined;
  vendorName: string | undefined;
  version: string | undefined;
  cpes: TargetCpe[];
  purls: Array<{ text: string; purl?: Purl | undefined; error?: string | undefined }>;
  name: TargetName;
  orderNumbers: string[];
  hashes: Array<{ alg: string; value: string }>;
}

export interface MatcherOutput {
  evidence: Evidence[];
  issues: MatchIssue[];
}

export function sourceOf(spec: MatchableSpec, pointer?: string): EvidenceSource {
  return {
    kind: spec.source.kind,
    document: spec.source.document,
    advisoryId: spec.kind === 'csaf-product' ? spec.advisoryId : undefined,
    revision: spec.revision,
    provider: spec.source.provider,
    pointer: pointer ?? spec.source.pointer,
  };
}
