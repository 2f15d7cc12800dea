/**
 * Collects per-host observations while a capture is read (bounded per host) and merges them into
 * devices at the end: hosts are joined by MAC↔IP bindings, except through routers' MACs (one MAC
 * carrying many IP addresses), and every attribute keeps its confidence and evidence.
 */
import { isHostMac, macString } from '../bytes.js';
import { isGroupAddress } from '../decode/ip.js';
import type { AttributeName, Device, Evidence, Operation } from '../types.js';
import { guessKind } from './kind.js';
import { macVendor } from './oui.js';

/** Identity values kept per field, attribute candidates per attribute, evidence per candidate. */
const MAX_VALUES = 16;
const MAX_EVIDENCE_PER_VALUE = 3;
const MAX_DEVICE_EVIDENCE = 40;
/** A MAC seen as the source of this many distinct IP addresses is a router's, not a host's. */
export const ROUTER_MIN_IPS = 3;

export interface HostRef {
  ip?: string;
  mac?: number;
}

interface Candidate {
  confidence: number;
  count: number;
  evidence: Evidence[];
}

interface HostRecord {
  ip?: string;
  mac?: number;
  protocols: Set<string>;
  roles: Set<string>;
  identity: Map<string, Map<string, string[]>>;
  attributes: Map<AttributeName, Map<string, Candidate>>;
  clientOperations: Set<Operation>;
  serverOperations: Set<Operation>;
  first: number;
  last: number;
}

export interface ObservationSource {
  capture: string;
  frame: number;
  protocol: string;
}

export class Inventory {
  private readonly hosts = new Map<string, HostRecord>();
  /** mac → ip → whether a protocol stated the binding (strong) or it was only seen on the wire. */
  private readonly macIps = new Map<number, Map<string, boolean>>();

  private host(ref: HostRef): HostRecord | undefined {
    if (ref.ip !== undefined && isGroupAddress(ref.ip)) return undefined;
    const key = ref.ip !== undefined ? `ip:${ref.ip}` : ref.mac !== undefined && isHostMac(ref.mac) ? `mac:${ref.mac}` : undefined;
    if (key === undefined) return undefined;
    let record = this.hosts.get(key);
    if (!record) {
      record = {
        protocols: new Set(),
        roles: new Set(),
        identity: new Map(),
        attributes: new Map(),
        clientOperations: new Set(),
        serverOperations: new Set(),
        first: Infinity,
        last: -Infinity,
      };
      if (ref.ip !== undefined) record.ip = ref.ip;
      else record.mac = ref.mac;
      this.hosts.set(key, record);
    }
    return record;
  }

  /** Records that the host took part in `protocol` (with an optional role) between `first` and `last`. */
  touch(ref: HostRef, protocol: string | undefined, role: 'client' | 'server' | undefined, first: number, last: number, operations?: Iterable<Operation>): void {
    const record = this.host(ref);
    if (!record) return;
    if (protocol) record.protocols.add(protocol);
    if (protocol && role) record.roles.add(`${protocol}-${role}`);
    if (first < record.first) record.first = first;
    if (last > record.last) record.last = last;
    if (operations) {
      const into = role === 'server' ? record.serverOperations : record.clientOperations;
      for (const operation of operations) into.add(operation);
    }
  }

  /** A MAC and an IP seen together; `strong` when a protocol says they are one host. */
  link(mac: number, ip: string, strong: boolean): void {
    if (!isHostMac(mac)) return;
    let ips = this.macIps.get(mac);
    if (!ips) {
      ips = new Map();
      this.macIps.set(mac, ips);
    }
    const known = ips.get(ip);
    if (known === undefined) {
      if (ips.size >= 256) return; // bounded; a MAC this busy is a router's either way
      ips.set(ip, strong);
    } else if (strong && !known) ips.set(ip, true);
  }

  observe(ref: HostRef, source: ObservationSource, field: string, value: string, attribute?: AttributeName, confidence = 0.5): void {
    if (value === '') return;
    const record = this.host(ref);
    if (!record) return;
    record.protocols.add(source.protocol);
    let fields = record.identity.get(source.protocol);
    if (!fields) {
      fields = new Map();
      record.identity.set(source.protocol, fields);
    }
    const values = fields.get(field);
    if (!values) fields.set(field, [value]);
    else if (!values.includes(value) && values.length < MAX_VALUES) values.push(value);
    if (!attribute) return;
    let candidates = record.attributes.get(attribute);
    if (!candidates) {
      candidates = new Map();
      record.attributes.set(attribute, candidates);
    }
    let candidate = candidates.get(value);
    if (!candidate) {
      if (candidates.size >= MAX_VALUES) return;
      candidate = { confidence, count: 0, evidence: [] };
      candidates.set(value, candidate);
    }
    candidate.count++;
    if (confidence > candidate.confidence) candidate.confidence = confidence;
    if (candidate.evidence.length < MAX_EVIDENCE_PER_VALUE) {
      candidate.evidence.push({ attribute, value, confidence, capture: source.capture, frame: source.frame, protocol: source.protocol, field });
    }
  }

  /** MACs that carry traffic for many IP addresses: routers (or NAT boxes), not single hosts. */
  routerMacs(): Set<number> {
    const routers = new Set<number>();
    for (const [mac, ips] of this.macIps) if (ips.size >= ROUTER_MIN_IPS) routers.add(mac);
    return routers;
  }

  devices(): Device[] {
    const routers = this.routerMacs();
    const parent = new Map<string, string>();
    const find = (key: string): string => {
      let root = key;
      while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
      parent.set(key, root);
      return root;
    };
    const union = (a: string, b: string): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(rb, ra);
    };
    for (const key of this.hosts.keys()) find(key);
    for (const [mac, ips] of this.macIps) {
      const macKey = `mac:${mac}`;
      for (const [ip, strong] of ips) {
        // Through a router's MAC only the bindings a protocol stated (its own addresses) join.
        if (routers.has(mac) && !strong) continue;
        union(macKey, `ip:${ip}`);
      }
    }
    const groups = new Map<string, { macs: Set<number>; ips: Set<string>; records: HostRecord[] }>();
    const group = (key: string) => {
      const root = find(key);
      let g = groups.get(root);
      if (!g) {
        g = { macs: new Set(), ips: new Set(), records: [] };
        groups.set(root, g);
      }
      return g;
    };
    for (const [key, record] of this.hosts) {
      const g = group(key);
      g.records.push(record);
      if (record.ip !== undefined) g.ips.add(record.ip);
      if (record.mac !== undefined) g.macs.add(record.mac);
    }
    for (const [mac, ips] of this.macIps) {
      for (const [ip, strong] of ips) {
        if (routers.has(mac) && !strong) continue;
        if (!this.hosts.has(`ip:${ip}`) && !this.hosts.has(`mac:${mac}`)) continue;
        const g = group(`mac:${mac}`);
        g.macs.add(mac);
        g.ips.add(ip);
      }
    }
    const devices: Device[] = [];
    for (const g of groups.values()) devices.push(this.toDevice(g.macs, g.ips, g.records, routers));
    devices.sort((a, b) => a.id.localeCompare(b.id, 'en'));
    return devices;
  }

  private toDevice(macSet: Set<number>, ipSet: Set<string>, records: HostRecord[], routers: Set<number>): Device {
    const macs = [...macSet].sort((a, b) => a - b).map(macString);
    const ips = [...ipSet].sort(compareIps);
    const protocols = new Set<string>();
    const roles = new Set<string>();
    const identity: Record<string, Record<string, string>> = {};
    const candidates = new Map<AttributeName, Map<string, Candidate>>();
    const clientOperations = new Set<Operation>();
    const serverOperations = new Set<Operation>();
    let first = Infinity;
    let last = -Infinity;
    for (const record of records) {
      for (const p of record.protocols) protocols.add(p);
      for (const r of record.roles) roles.add(r);
      for (const o of record.clientOperations) clientOperations.add(o);
      for (const o of record.serverOperations) serverOperations.add(o);
      first = Math.min(first, record.first);
      last = Math.max(last, record.last);
      for (const [protocol, fields] of record.identity) {
        const into = (identity[protocol] ??= {});
        for (const [field, values] of fields) {
          const joined = into[field] ? new Set([...into[field].split(' | '), ...values]) : new Set(values);
          into[field] = [...joined].join(' | ');
        }
      }
      for (const [attribute, values] of record.attributes) {
        let into = candidates.get(attribute);
        if (!into) candidates.set(attribute, (into = new Map()));
        for (const [value, c] of values) {
          const existing = into.get(value);
          if (!existing) into.set(value, { confidence: c.confidence, count: c.count, evidence: [...c.evidence] });
          else {
            existing.confidence = Math.max(existing.confidence, c.confidence);
            existing.count += c.count;
            existing.evidence.push(...c.evidence.slice(0, MAX_EVIDENCE_PER_VALUE - existing.evidence.length));
          }
        }
      }
    }
    const evidence: Evidence[] = [];
    const confidence: Device['confidence'] = {};
    const best = (attribute: AttributeName): string | null => {
      const values = candidates.get(attribute);
      if (!values || values.size === 0) return null;
      const ranked = [...values.entries()].sort((a, b) => b[1].confidence - a[1].confidence || b[1].count - a[1].count);
      for (const [, c] of ranked) evidence.push(...c.evidence);
      const [value, c] = ranked[0] as [string, Candidate];
      confidence[attribute] = c.confidence;
      return value;
    };
    const macVendorName = macs[0] ? macVendor(macs[0]) : null;
    const routerMacs = [...macSet].filter((m) => routers.has(m));
    const kind = guessKind({ protocols, roles, identity, clientOperations, serverOperations, routerMacCount: routerMacs.length });
    confidence.kind = kind.confidence;
    return {
      id: `dev-${macs[0] ?? ips[0] ?? 'unknown'}`,
      ips,
      macs,
      macVendor: macVendorName,
      vendor: best('vendor'),
      model: best('model'),
      firmware: best('firmware'),
      serial: best('serial'),
      hostname: best('hostname'),
      hardware: best('hardware'),
      confidence,
      kind: kind.kind,
      kindReason: kind.reason,
      protocols: [...protocols].sort(),
      roles: [...roles].sort(),
      identity,
      evidence: evidence.slice(0, MAX_DEVICE_EVIDENCE),
      firstSeen: Number.isFinite(first) ? new Date(first * 1000).toISOString() : null,
      lastSeen: Number.isFinite(last) ? new Date(last * 1000).toISOString() : null,
    };
  }
}

/** Numeric order for IPv4 addresses, text order otherwise (IPv6 after IPv4). */
export function compareIps(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  if (pa.length === 4 && pb.length === 4) {
    for (let i = 0; i < 4; i++) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (pa.length === 4) return -1;
  if (pb.length === 4) return 1;
  return a.localeCompare(b, 'en');
}
