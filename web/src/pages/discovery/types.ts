/** Shapes of the discovery API (POST /api/discovery/analyse) and asset events as the UI consumes them. */
import type { ImportReport } from '../../api/types';
export type { CaptureSummary, Device, DiscoveryResult, Evidence, Flow, Operation, Problem } from '../../../../src/discovery/types.js';
import type { DiscoveryResult } from '../../../../src/discovery/types.js';

export interface AttributeChange {
  attribute: string;
  before: string | string[] | null;
  after: string | string[] | null;
}

export interface EventEvidence {
  attribute: string;
  value: string;
  capture: string;
  frame: number;
  protocol: string;
  field: string;
}

export interface AssetEvent {
  id: string;
  assetId: string;
  assetName: string | null;
  kind: string;
  at: string;
  detail: {
    source: string;
    captures: string[];
    site: string | null;
    changes: AttributeChange[];
    evidence: EventEvidence[];
    kindReason?: string | null;
    protocols?: string[];
  };
}

export interface EventPage {
  items: AssetEvent[];
  total: number;
  limit: number;
  offset: number;
}

export interface DeviceImport {
  device: string;
  assetId: string | null;
  action: 'create' | 'update' | 'unchanged' | 'skipped';
  reason?: string;
}

export interface InventoryMatch {
  assetId: string;
  name: string;
  kind: string;
  site: string | null;
  zone: string | null;
  purdueLevel: string | null;
  matchedBy: string;
}

export interface DiscoveryImport {
  report: ImportReport & { source: string };
  events: AssetEvent[];
  devices: DeviceImport[];
  problems: { message: string; pointer?: string; code?: string }[];
}

export interface AnalyseResponse extends DiscoveryResult {
  inventory: Record<string, InventoryMatch>;
  import?: DiscoveryImport;
}
