/**
 * Shapes of the discovery API (POST /api/discovery/analyse) and asset events as the UI consumes them.
 * Events, device imports and inventory matches are the server's own view types
 * (src/model/discovery-views), imported type-only.
 */
import type { ImportReport } from '../../api/types';
export type { CaptureSummary, Device, DiscoveryResult, Evidence, Flow, Operation, Problem } from '../../../../src/discovery/types.js';
import type { DiscoveryResult } from '../../../../src/discovery/types.js';
import type { AssetEvent, DeviceImport, InventoryMatch } from '../../../../src/model/discovery-views.js';
export type { AssetEvent, AssetEventDetail, AttributeChange, DeviceImport, EventEvidence, InventoryMatch } from '../../../../src/model/discovery-views.js';

export interface EventPage {
  items: AssetEvent[];
  total: number;
  limit: number;
  offset: number;
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
