/** SBOM list and component list states and their URL / API encodings. */
import type { Paging } from './listState';
import { parsePaging, writeApiPaging, writePaging } from './listState';

export interface SbomListQuery extends Paging {
  q?: string;
}

export function parseSbomListQuery(params: URLSearchParams): SbomListQuery {
  const q = params.get('q')?.trim();
  return { ...(q ? { q } : {}), ...parsePaging(params) };
}

export function sbomListQueryToUrl(query: SbomListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  writePaging(params, query);
  return params;
}

export function sbomListQueryToApi(query: SbomListQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeApiPaging(params, query);
  if (query.q) params.set('q', query.q);
  return params;
}

export const QUALITY_ELEMENTS = ['supplier', 'name', 'version', 'identifier', 'dependency', 'hash', 'license'] as const;

export interface ComponentQuery extends Paging {
  q?: string;
  ai?: true;
  /** A minimum element the components lack. */
  missing?: string;
  license?: string;
}

export function parseComponentQuery(params: URLSearchParams): ComponentQuery {
  const query: ComponentQuery = parsePaging(params);
  const q = params.get('q')?.trim();
  if (q) query.q = q;
  if (params.get('ai') === 'true') query.ai = true;
  const missing = params.get('missing');
  if (missing && (QUALITY_ELEMENTS as readonly string[]).includes(missing)) query.missing = missing;
  const license = params.get('license');
  if (license) query.license = license;
  return query;
}

export function componentQueryToUrl(query: ComponentQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.ai) params.set('ai', 'true');
  if (query.missing) params.set('missing', query.missing);
  if (query.license) params.set('license', query.license);
  writePaging(params, query);
  return params;
}

export function componentQueryToApi(query: ComponentQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeApiPaging(params, query);
  if (query.q) params.set('q', query.q);
  if (query.ai) params.set('ai', 'true');
  if (query.missing) params.set('missing', query.missing);
  if (query.license) params.set('license', query.license);
  return params;
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`;
}

export function qualityColor(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return 'gray';
  return ratio >= 0.8 ? 'green' : ratio >= 0.5 ? 'yellow' : 'red';
}

export function productLabel(pv: { vendor: string; product: string; version: string }): string {
  return `${pv.vendor} ${pv.product} ${pv.version}`;
}
