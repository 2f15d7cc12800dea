/**
 * Asset events and discovery answers (`/api/events`, `/api/assets/:id/events`,
 * `POST /api/discovery/analyse`) as the server builds them: one definition for the repository and
 * service that write and read them and the web UI that shows them. No runtime imports, so the
 * browser build can import it.
 */

export const ASSET_EVENT_KINDS = ['new-device', 'firmware-changed', 'identity-changed', 'addresses-changed'] as const;
export type AssetEventKind = (typeof ASSET_EVENT_KINDS)[number];

/** One attribute's value before and after (lists for IPs and MACs). */
export interface AttributeChange {
  attribute: string;
  before: string | string[] | null;
  after: string | string[] | null;
}

/** A frame that showed the new value. */
export interface EventEvidence {
  attribute: string;
  value: string;
  capture: string;
  frame: number;
  protocol: string;
  field: string;
}

export interface AssetEventDetail {
  /** The source (capture file names) of the observation that caused the event. */
  source: string;
  captures: string[];
  site: string | null;
  changes: AttributeChange[];
  evidence: EventEvidence[];
  /** `new-device`: why discovery guessed the device's kind (null when it gave no reason). */
  kindReason?: string | null;
  /** `new-device`: the protocols the device was seen speaking. */
  protocols?: string[];
  /** Anything else the writer wants to keep (rows written by older versions, by hand). */
  [key: string]: unknown;
}

export interface AssetEvent {
  id: string;
  assetId: string;
  /** The asset's current name (null when listing one asset's events, where it is known). */
  assetName: string | null;
  /** An AssetEventKind when Bulwark wrote it; read back as the stored text. */
  kind: AssetEventKind | string;
  detail: AssetEventDetail;
  at: string;
}

/** Which asset a discovered device became (or why it was left out). */
export interface DeviceImport {
  device: string;
  assetId: string | null;
  action: 'create' | 'update' | 'unchanged' | 'skipped';
  reason?: string;
}

/** The inventory asset a discovered device is (by the import's identity keys), for showing known devices and their zones. */
export interface InventoryMatch {
  assetId: string;
  name: string;
  kind: string;
  site: string | null;
  zone: string | null;
  purdueLevel: string | null;
  matchedBy: string;
}
