/**
 * Passive discovery into the inventory: devices seen in captures become inventory records (source
 * kind `discovery`, the capture names as source, confidence DEFAULT_CONFIDENCE.discovery), merged
 * through the inventory import (identity keys vendor+serial, MAC, site+IP join them to existing
 * assets), and what changed is recorded as asset events: a new device, a firmware that changed, an
 * identity (vendor, model, serial, hardware, kind, a first firmware) or addresses that changed.
 *
 * Events come from comparing each affected asset before and after the import (the import report
 * lists only its first changes), so they hold for imports of any size, and restating what the
 * inventory already knows makes none.
 */
import { basename } from 'node:path';
import type { DiscoveryResult, Device, Evidence } from '../discovery/index.js';
import { ASSET_KINDS, type Asset, type AssetKind } from '../model/asset.js';
import type { Issue } from '../model/errors.js';
import { recordToFacts } from '../formats/inventory/fields.js';
import type { InventoryRecord } from '../formats/inventory/read.js';
import type { Scope } from '../model/scope.js';
import type { Store } from '../store/database.js';
import { getAssets, loadIdentityIndex } from '../store/repositories/assets.js';
import {
  getAssetEvents,
  insertAssetEvents,
  type AssetEventWrite,
} from '../store/repositories/events.js';
import type { AssetEvent, AssetEventKind, AttributeChange, DeviceImport, EventEvidence, InventoryMatch } from '../model/discovery-views.js';
import { newId } from '../util/ids.js';
import { importRecords, type ImportReport } from './inventory.js';

export type { DeviceImport, InventoryMatch } from '../model/discovery-views.js';

export interface DiscoveryImportOptions {
  /** The organisation the devices are imported into. */
  scope: Scope;
  /** Site of the discovered devices (also the site of the site+IP identity key). */
  site?: string;
  /** Source name in provenance; default: the capture file names. */
  sourceName?: string;
}

export interface DiscoveryImportResult {
  report: ImportReport;
  events: AssetEvent[];
  devices: DeviceImport[];
  /** Device values the inventory refused (too long, control characters, invalid address); the rest of the device was imported. */
  problems: Issue[];
}

/** Discovery kinds that are not inventory kinds. */
const KIND_MAP: Record<string, AssetKind> = { io: 'other', controller: 'plc' };
/** Identity fields that name a device when it announces no host name. */
const NAME_FIELDS: ReadonlyArray<[string, string]> = [
  ['profinet-dcp', 'nameOfStation'],
  ['s7comm', 'plcName'],
  ['bacnet', 'objectName'],
  ['lldp', 'systemName'],
  ['cdp', 'deviceId'],
  ['snmp', 'sysName'],
  ['nbns', 'netbiosName'],
  ['dhcp', 'hostName'],
];
/** Attributes whose change is an identity change (firmware has its own event once known). */
const IDENTITY_ATTRIBUTES = ['vendor', 'model', 'serial', 'hardwareVersion', 'kind'] as const;
const MAX_EVIDENCE_PER_EVENT = 20;

/** The inventory kind of a discovered device, or undefined when discovery could not tell. */
export function inventoryKind(kind: string): AssetKind | undefined {
  if ((ASSET_KINDS as readonly string[]).includes(kind)) return kind as AssetKind;
  return KIND_MAP[kind];
}

/** Loopback, unspecified, multicast and broadcast addresses never identify a device in the inventory. */
export function isUsableIp(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v.includes(':')) return !(v === '::1' || v === '::' || v.startsWith('ff'));
  const first = Number(v.split('.')[0]);
  return !(first === 127 || first === 0 || first >= 224 || v.endsWith('.255'));
}

function deviceName(d: Device, ips: string[]): string {
  if (d.hostname) return d.hostname;
  for (const [protocol, field] of NAME_FIELDS) {
    const value = d.identity[protocol]?.[field]?.trim();
    if (value) return value;
  }
  const label = d.model ?? d.vendor ?? (d.kind && d.kind !== 'unknown' ? d.kind.toUpperCase() : 'device');
  return `${label} ${ips[0] ?? d.macs[0] ?? d.id}`;
}

/** The capture names as a provenance source: file names, not paths. */
export function captureSourceName(result: Pick<DiscoveryResult, 'captures'>): string {
  const names = [...new Set(result.captures.map((c) => basename(c.name)))];
  if (names.length === 0) return 'discovery';
  let text = names[0]!;
  for (let i = 1; i < names.length; i++) {
    if (text.length + names[i]!.length > 180) return `${text} and ${names.length - i} more`;
    text += `, ${names[i]}`;
  }
  return text;
}

/**
 * A discovered device as an inventory record, validated by the inventory's own rules (values the
 * inventory refuses are left out and reported). Null (with the reason) when nothing identifies it.
 */
export function deviceToRecord(d: Device, line: number, issues: Issue[]): { record: InventoryRecord } | { skip: string } {
  const ips = d.ips.filter(isUsableIp);
  const macs = d.macs;
  if (ips.length === 0 && macs.length === 0) {
    return { skip: d.ips.length > 0 ? `only loopback, multicast or broadcast addresses (${d.ips.join(', ')})` : 'no address' };
  }
  const kind = inventoryKind(d.kind);
  const raw: Record<string, string | string[] | null> = {
    name: deviceName(d, ips),
    kind: kind ?? null,
    vendor: d.vendor,
    model: d.model,
    firmware: d.firmware,
    hardware_version: d.hardware,
    serial: d.serial,
    hostname: d.hostname,
    ip: ips,
    mac: macs,
  };
  for (const k of Object.keys(raw)) if (raw[k] === null || (Array.isArray(raw[k]) && raw[k].length === 0)) delete raw[k];
  const own: Issue[] = [];
  const facts = recordToFacts(raw, { pointerBase: `/devices/${line - 1}` }, own);
  for (const issue of own) issues.push({ ...issue, message: `${d.id}: ${issue.message}` });
  if (!facts.name) facts.name = `device ${ips[0] ?? macs[0] ?? d.id}`;
  if ((facts.ips ?? []).length === 0 && (facts.macs ?? []).length === 0) return { skip: 'no valid address' };
  return { record: { facts, line } };
}

/** Imports the devices of an analysis into the inventory and records what changed as events. */
export async function importDiscovery(store: Store, result: DiscoveryResult, options: DiscoveryImportOptions): Promise<DiscoveryImportResult> {
  const scope = options.scope;
  const sourceName = options.sourceName ?? captureSourceName(result);
  const site = options.site?.trim() || undefined;
  const problems: Issue[] = [];
  const records: InventoryRecord[] = [];
  const devices: DeviceImport[] = [];
  /** The device of each record, by record line. */
  const deviceOfLine = new Map<number, Device>();
  for (const d of result.devices) {
    const built = deviceToRecord(d, records.length + 1, problems);
    if ('skip' in built) {
      devices.push({ device: d.id, assetId: null, action: 'skipped', reason: built.skip });
      continue;
    }
    deviceOfLine.set(built.record.line, d);
    records.push(built.record);
  }

  // The assets the records describe, as they are before the import.
  const beforeIndex = await loadIdentityIndex(store.db, scope.orgId);
  const beforeIds = new Set<string>();
  for (const r of records) {
    const m = beforeIndex.resolve(r.facts, site);
    if (m) beforeIds.add(m.assetId);
  }
  const before = await getAssets(store.db, scope, [...beforeIds]);
  const startedAt = new Date().toISOString();

  const report = await importRecords(store, records, { scope, sourceName, sourceKind: 'discovery', format: 'json', site });

  // Which asset each record landed on: the report's changes, else the identity keys as they are now.
  const assetOfLine = new Map<number, { assetId: string; action: DeviceImport['action'] }>();
  for (const c of report.changes) assetOfLine.set(c.line, { assetId: c.assetId, action: c.action });
  if (assetOfLine.size < records.length) {
    const afterIndex = await loadIdentityIndex(store.db, scope.orgId);
    for (const r of records) {
      if (assetOfLine.has(r.line)) continue;
      const m = afterIndex.resolve(r.facts, site);
      if (m) assetOfLine.set(r.line, { assetId: m.assetId, action: beforeIds.has(m.assetId) ? 'update' : 'create' });
    }
  }
  const devicesOfAsset = new Map<string, Device[]>();
  for (const r of records) {
    const d = deviceOfLine.get(r.line)!;
    const landed = assetOfLine.get(r.line);
    devices.push({ device: d.id, assetId: landed?.assetId ?? null, action: landed?.action ?? 'unchanged' });
    if (!landed) continue;
    const list = devicesOfAsset.get(landed.assetId);
    if (list) list.push(d);
    else devicesOfAsset.set(landed.assetId, [d]);
  }

  const after = await getAssets(store.db, scope, [...devicesOfAsset.keys()]);
  const captures = result.captures.map((c) => c.name);
  const at = new Date().toISOString();
  const writes: AssetEventWrite[] = [];
  for (const [assetId, seen] of devicesOfAsset) {
    const now = after.get(assetId);
    if (!now) continue;
    const was = before.get(assetId);
    const event = (kind: AssetEventKind, changes: AttributeChange[], attributes: string[], extra: Record<string, unknown> = {}) =>
      writes.push({
        id: newId(),
        assetId,
        kind,
        at,
        detail: { source: sourceName, captures, site: site ?? null, changes, evidence: evidenceOf(seen, attributes), ...extra },
      });
    if (!was) {
      // Not known before this import: new unless it was created earlier and only missed by the look-up.
      if (now.createdAt < startedAt) continue;
      event('new-device', snapshotChanges(now), ['vendor', 'model', 'firmware', 'serial', 'hostname', 'hardware', 'kind'], {
        kindReason: seen.map((d) => d.kindReason).find((r) => r) ?? null,
        protocols: [...new Set(seen.flatMap((d) => d.protocols))],
      });
      continue;
    }
    if (was.firmware !== null && now.firmware !== was.firmware) {
      event('firmware-changed', [{ attribute: 'firmware', before: was.firmware, after: now.firmware }], ['firmware']);
    }
    const identity: AttributeChange[] = [];
    if (was.firmware === null && now.firmware !== null) identity.push({ attribute: 'firmware', before: null, after: now.firmware });
    for (const attribute of IDENTITY_ATTRIBUTES) {
      if (was[attribute] !== now[attribute]) identity.push({ attribute, before: was[attribute], after: now[attribute] });
    }
    if (identity.length > 0) event('identity-changed', identity, identity.map((c) => (c.attribute === 'hardwareVersion' ? 'hardware' : c.attribute)));
    const addresses: AttributeChange[] = [];
    for (const attribute of ['ips', 'macs'] as const) {
      if (!sameList(was[attribute], now[attribute])) addresses.push({ attribute, before: was[attribute], after: now[attribute] });
    }
    if (addresses.length > 0) event('addresses-changed', addresses, ['identity']);
  }
  await insertAssetEvents(store.db, writes);
  const events = await getAssetEvents(store.db, writes.map((w) => w.id));
  return { report, events, devices, problems };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A new asset's attributes as changes from nothing. */
function snapshotChanges(a: Asset): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const attribute of ['name', 'kind', 'vendor', 'model', 'firmware', 'hardwareVersion', 'serial', 'hostname'] as const) {
    if (a[attribute] !== null) out.push({ attribute, before: null, after: a[attribute] });
  }
  if (a.ips.length > 0) out.push({ attribute: 'ips', before: null, after: a.ips });
  if (a.macs.length > 0) out.push({ attribute: 'macs', before: null, after: a.macs });
  if (a.site) out.push({ attribute: 'site', before: null, after: a.site.name });
  return out;
}

/** The frames that showed these attributes (`identity` selects address fields), first ones first. */
function evidenceOf(devices: Device[], attributes: string[]): EventEvidence[] {
  const wanted = new Set(attributes);
  const out: EventEvidence[] = [];
  const seen = new Set<string>();
  const pick = (e: Evidence) => ({ attribute: e.attribute, value: e.value, capture: e.capture, frame: e.frame, protocol: e.protocol, field: e.field });
  for (const d of devices) {
    for (const e of d.evidence) {
      if (!wanted.has(e.attribute)) continue;
      if (e.attribute === 'identity' && !/ip|mac|address/i.test(e.field)) continue;
      // The same value from the same field in later frames adds nothing: the first frame is kept.
      const key = `${e.attribute}\u0000${e.value}\u0000${e.protocol}\u0000${e.field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(pick(e));
      if (out.length >= MAX_EVIDENCE_PER_EVENT) return out;
    }
  }
  return out;
}

/** Which discovered devices the inventory already knows (read-only: nothing is written). */
export async function inventoryMatches(
  store: Store,
  scope: Scope,
  result: Pick<DiscoveryResult, 'devices'>,
  options: { site?: string } = {},
): Promise<Record<string, InventoryMatch>> {
  const site = options.site?.trim() || undefined;
  if (scope.view !== 'own') return {};
  const index = await loadIdentityIndex(store.db, scope.orgId);
  if (index.isEmpty) return {};
  const found = new Map<string, { assetId: string; key: string }>();
  const ignored: Issue[] = [];
  for (const d of result.devices) {
    const built = deviceToRecord(d, 1, ignored);
    if ('skip' in built) continue;
    const m = index.resolve(built.record.facts, site);
    if (m) found.set(d.id, { assetId: m.assetId, key: m.key });
  }
  const assets = await getAssets(store.db, scope, [...new Set([...found.values()].map((m) => m.assetId))]);
  const out: Record<string, InventoryMatch> = {};
  for (const [deviceId, m] of found) {
    const a = assets.get(m.assetId);
    if (!a) continue;
    out[deviceId] = {
      assetId: a.id,
      name: a.name,
      kind: a.kind,
      site: a.site?.name ?? null,
      zone: a.zone?.name ?? null,
      purdueLevel: a.zone?.purdueLevel ?? a.purdueLevel,
      matchedBy: m.key,
    };
  }
  return out;
}
