/**
 * Collects per-host observations while a capture is read (bounded per host) and merges them into
 * devices at the end: hosts are joined by MAC↔IP bindings, except through routers' MACs (one MAC
 * carrying many IP addresses), and every attribute keeps its confidence and evidence.
 */
import { isHostMac, macString } from '../bytes.js';
import { isGroupAddress } from '../decode/ip.js';
import type { AttributeName, Device, Evidence, Operation } from '../types.js';
import { guessKind } from './kind.js';
import { macVendorOf } from './oui.js';
import { collate, collateKeyed, collationKey, isoTime } from './text-order.js';

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

export interface HostRecord {
  /** Creation order: the record's node in the union-find of `devices()`. */
  node: number;
  ip?: string;
  mac?: number;
  protocols: Set<string>;
  /** Made on first use (most hosts have no roles, operations or identity): fewer objects to keep. */
  roles: Set<string> | undefined;
  identity: Map<string, Map<string, string[]>> | undefined;
  attributes: Map<AttributeName, Map<string, Candidate>> | undefined;
  clientOperations: Set<Operation> | undefined;
  serverOperations: Set<Operation> | undefined;
  first: number;
  last: number;
  /** The last distinct observations made on the record (see `observeOn`), made on first use. */
  recent: Observation[] | undefined;
  recentNext: number;
  /** Where to look first in `recent`: just after the last observation found there. */
  recentHit: number;
}

/** An observation made on a host record, and the attribute candidate it counted for (if any). */
interface Observation {
  protocol: string;
  field: string;
  value: string;
  attribute: AttributeName | undefined;
  confidence: number;
  candidate: Candidate | undefined;
}

/** Observations remembered per host: enough for the fields one device announces in a PDU. */
const RECENT_OBSERVATIONS = 16;

const NO_CANDIDATES: ReadonlyMap<AttributeName, Map<string, Candidate>> = new Map();

/** `<protocol>-client` / `<protocol>-server`, made once per protocol rather than per conversation. */
const roleNames = new Map<string, { client: string; server: string }>();

function roleName(protocol: string, role: 'client' | 'server'): string {
  let names = roleNames.get(protocol);
  if (!names) {
    names = { client: `${protocol}-client`, server: `${protocol}-server` };
    roleNames.set(protocol, names);
  }
  return names[role];
}

/** One more observation of an attribute candidate, with its evidence while there is room. */
function countCandidate(candidate: Candidate, attribute: AttributeName, value: string, confidence: number, capture: string, frame: number, protocol: string, field: string): void {
  candidate.count++;
  if (confidence > candidate.confidence) candidate.confidence = confidence;
  if (candidate.evidence.length < MAX_EVIDENCE_PER_VALUE) candidate.evidence.push({ attribute, value, confidence, capture, frame, protocol, field });
}

function newRecord(node: number): HostRecord {
  return {
    node,
    protocols: new Set(),
    roles: undefined,
    identity: undefined,
    attributes: undefined,
    clientOperations: undefined,
    serverOperations: undefined,
    first: Infinity,
    last: -Infinity,
    recent: undefined,
    recentNext: 0,
    recentHit: 0,
  };
}

export interface ObservationSource {
  capture: string;
  frame: number;
  protocol: string;
}

export class Inventory {
  /** Every host record, in creation order (a record's `node` is its index). */
  private readonly hosts: HostRecord[] = [];
  /** mac → ip → whether a protocol stated the binding (strong) or it was only seen on the wire. */
  private readonly macIps = new Map<number, Map<string, boolean>>();

  /** Fast indexes into `hosts` (which keeps creation order, and so the order of merging). */
  private readonly byIp = new Map<string, HostRecord>();
  private readonly byMac = new Map<number, HostRecord>();

  private host(ref: HostRef): HostRecord | undefined {
    if (ref.ip !== undefined) return this.hostByIp(ref.ip);
    return ref.mac !== undefined ? this.hostByMac(ref.mac) : undefined;
  }

  /** The record of the host with this IP address (created on first use); undefined for group addresses. */
  hostByIp(ip: string): HostRecord | undefined {
    const known = this.byIp.get(ip);
    if (known) return known;
    if (isGroupAddress(ip)) return undefined;
    const record = newRecord(this.hosts.length);
    record.ip = ip;
    this.byIp.set(ip, record);
    this.hosts.push(record);
    return record;
  }

  /** The record of the host with this MAC (created on first use); undefined unless a unicast, non-zero MAC. */
  hostByMac(mac: number): HostRecord | undefined {
    const known = this.byMac.get(mac);
    if (known) return known;
    if (!isHostMac(mac)) return undefined;
    const record = newRecord(this.hosts.length);
    record.mac = mac;
    this.byMac.set(mac, record);
    this.hosts.push(record);
    return record;
  }

  /** Records that the host took part in `protocol` (with an optional role) between `first` and `last`. */
  touch(ref: HostRef, protocol: string | undefined, role: 'client' | 'server' | undefined, first: number, last: number, operations?: Iterable<Operation>): void {
    const record = this.host(ref);
    if (record) this.touchRecord(record, protocol, role, first, last, operations);
  }

  /** `touch` for a host record already looked up. */
  touchRecord(record: HostRecord, protocol: string | undefined, role: 'client' | 'server' | undefined, first: number, last: number, operations?: Iterable<Operation>): void {
    if (protocol) {
      record.protocols.add(protocol);
      if (role) (record.roles ??= new Set()).add(roleName(protocol, role));
    }
    if (first < record.first) record.first = first;
    if (last > record.last) record.last = last;
    if (operations) {
      for (const operation of operations) {
        if (role === 'server') (record.serverOperations ??= new Set()).add(operation);
        else (record.clientOperations ??= new Set()).add(operation);
      }
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
    this.observeOn(record, source.capture, source.frame, source.protocol, field, value, attribute, confidence);
  }

  /** `observe` for a host record already looked up (the value is not empty). */
  observeOn(record: HostRecord, capture: string, frame: number, protocol: string, field: string, value: string, attribute: AttributeName | undefined, confidence = 0.5): void {
    const recent = record.recent;
    if (recent !== undefined) {
      // Devices announce their fields in the same order each time: look after the last match first.
      const n = recent.length;
      for (let k = 0, i = record.recentHit; k < n; k++, i = i + 1 === n ? 0 : i + 1) {
        const r = recent[i] as Observation;
        if (r.field === field && r.value === value && r.protocol === protocol && r.attribute === attribute && r.confidence === confidence) {
          record.recentHit = i + 1 === n ? 0 : i + 1;
          // Devices repeat themselves: the protocol, field and value are recorded already, only
          // the candidate's count and evidence can grow.
          if (r.candidate) countCandidate(r.candidate, attribute as AttributeName, value, confidence, capture, frame, protocol, field);
          return;
        }
      }
    }
    record.protocols.add(protocol);
    const identity = (record.identity ??= new Map());
    let fields = identity.get(protocol);
    if (!fields) {
      fields = new Map();
      identity.set(protocol, fields);
    }
    const values = fields.get(field);
    if (!values) fields.set(field, [value]);
    else if (values.length < MAX_VALUES && !values.includes(value)) values.push(value);
    let candidate: Candidate | undefined;
    if (attribute) {
      const attributes = (record.attributes ??= new Map());
      let candidates = attributes.get(attribute);
      if (!candidates) {
        candidates = new Map();
        attributes.set(attribute, candidates);
      }
      candidate = candidates.get(value);
      if (!candidate && candidates.size < MAX_VALUES) {
        candidate = { confidence, count: 0, evidence: [] };
        candidates.set(value, candidate);
      }
      if (candidate) countCandidate(candidate, attribute, value, confidence, capture, frame, protocol, field);
    }
    const observation: Observation = { protocol, field, value, attribute, confidence, candidate };
    if (recent === undefined) record.recent = [observation];
    else if (recent.length < RECENT_OBSERVATIONS) recent.push(observation);
    else recent[record.recentNext++ % RECENT_OBSERVATIONS] = observation;
  }


  /** MACs that carry traffic for many IP addresses: routers (or NAT boxes), not single hosts. */
  routerMacs(): Set<number> {
    const routers = new Set<number>();
    this.macIps.forEach((ips, mac) => {
      if (ips.size >= ROUTER_MIN_IPS) routers.add(mac);
    });
    return routers;
  }

  devices(): Device[] {
    const routers = this.routerMacs();
    // Union-find over numbers: host records are nodes 0..n-1 (creation order); MACs and IPs known
    // only from bindings get nodes after them.
    const parent: number[] = [];
    for (let i = 0; i < this.hosts.length; i++) parent.push(i);
    const extraMacs = new Map<number, number>();
    const extraIps = new Map<string, number>();
    const macNode = (mac: number): number => {
      const record = this.byMac.get(mac);
      if (record) return record.node;
      let node = extraMacs.get(mac);
      if (node === undefined) {
        node = parent.length;
        parent.push(node);
        extraMacs.set(mac, node);
      }
      return node;
    };
    const ipNode = (ip: string): number => {
      const record = this.byIp.get(ip);
      if (record) return record.node;
      let node = extraIps.get(ip);
      if (node === undefined) {
        node = parent.length;
        parent.push(node);
        extraIps.set(ip, node);
      }
      return node;
    };
    const find = (node: number): number => {
      let root = node;
      while (parent[root] !== root) root = parent[root] as number;
      while (parent[node] !== root) {
        const next = parent[node] as number;
        parent[node] = root;
        node = next;
      }
      return root;
    };
    // (forEach rather than for-of over entries: no [key, value] array per binding.)
    this.macIps.forEach((ips, mac) => {
      const router = routers.has(mac);
      ips.forEach((strong, ip) => {
        // Through a router's MAC only the bindings a protocol stated (its own addresses) join.
        if (router && !strong) return;
        const a = find(macNode(mac));
        const b = find(ipNode(ip));
        if (a !== b) parent[b] = a;
      });
    });
    const groups = new Map<number, { macs: Set<number>; ips: Set<string>; records: HostRecord[] }>();
    const group = (node: number) => {
      const root = find(node);
      let g = groups.get(root);
      if (!g) {
        g = { macs: new Set(), ips: new Set(), records: [] };
        groups.set(root, g);
      }
      return g;
    };
    for (const record of this.hosts) {
      const g = group(record.node);
      g.records.push(record);
      if (record.ip !== undefined) g.ips.add(record.ip);
      if (record.mac !== undefined) g.macs.add(record.mac);
    }
    this.macIps.forEach((ips, mac) => {
      const router = routers.has(mac);
      const macHost = this.byMac.has(mac);
      ips.forEach((strong, ip) => {
        if (router && !strong) return;
        if (!macHost && !this.byIp.has(ip)) return;
        const g = group(macNode(mac));
        g.macs.add(mac);
        g.ips.add(ip);
      });
    });
    const devices: Device[] = [];
    for (const g of groups.values()) devices.push(this.toDevice(g.macs, g.ips, g.records, routers));
    // Sorted by collation keys made once per id, rather than collating each pair compared.
    const keyed = devices.map((device) => ({ device, key: collationKey(device.id) }));
    keyed.sort((a, b) => collateKeyed(a.device.id, a.key, b.device.id, b.key));
    for (let i = 0; i < keyed.length; i++) devices[i] = (keyed[i] as { device: Device }).device;
    return devices;
  }

  private toDevice(macSet: Set<number>, ipSet: Set<string>, records: HostRecord[], routers: Set<number>): Device {
    const macNumbers = macSet.size > 1 ? [...macSet].sort((a, b) => a - b) : [...macSet];
    const macs = macNumbers.map(macString);
    const ips = ipSet.size > 1 ? [...ipSet].sort(compareIps) : [...ipSet];
    // One record (most devices) is read as it is; several are merged into copies.
    const single = records.length === 1 ? (records[0] as HostRecord) : undefined;
    const merged = single ? undefined : mergeRecords(records);
    const protocols = single ? single.protocols : (merged as MergedRecords).protocols;
    const roles = single ? (single.roles ?? NO_STRINGS) : (merged as MergedRecords).roles;
    const clientOperations = single ? (single.clientOperations ?? NO_OPERATIONS) : (merged as MergedRecords).clientOperations;
    const serverOperations = single ? (single.serverOperations ?? NO_OPERATIONS) : (merged as MergedRecords).serverOperations;
    const first = single ? single.first : (merged as MergedRecords).first;
    const last = single ? single.last : (merged as MergedRecords).last;
    const identity = single ? recordIdentity(single) : (merged as MergedRecords).identity;
    const candidates: ReadonlyMap<AttributeName, Map<string, Candidate>> = single ? (single.attributes ?? NO_CANDIDATES) : (merged as MergedRecords).candidates;
    const evidence: Evidence[] = [];
    const confidence: Device['confidence'] = {};
    const macVendorName = macNumbers[0] !== undefined ? macVendorOf(macNumbers[0]) : null;
    let routerMacCount = 0;
    if (routers.size > 0) for (const mac of macSet) if (routers.has(mac)) routerMacCount++;
    const kind = guessKind({ protocols, roles, identity, clientOperations, serverOperations, routerMacCount });
    confidence.kind = kind.confidence;
    return {
      id: `dev-${macs[0] ?? ips[0] ?? 'unknown'}`,
      ips,
      macs,
      macVendor: macVendorName,
      vendor: bestValue(candidates, 'vendor', evidence, confidence),
      model: bestValue(candidates, 'model', evidence, confidence),
      firmware: bestValue(candidates, 'firmware', evidence, confidence),
      serial: bestValue(candidates, 'serial', evidence, confidence),
      hostname: bestValue(candidates, 'hostname', evidence, confidence),
      hardware: bestValue(candidates, 'hardware', evidence, confidence),
      confidence,
      kind: kind.kind,
      kindReason: kind.reason,
      protocols: sortedStrings(protocols),
      roles: sortedStrings(roles),
      identity,
      evidence: evidence.length > MAX_DEVICE_EVIDENCE ? evidence.slice(0, MAX_DEVICE_EVIDENCE) : evidence,
      firstSeen: Number.isFinite(first) ? isoTime(first) : null,
      lastSeen: Number.isFinite(last) ? isoTime(last) : null,
    };
  }
}

const NO_STRINGS: ReadonlySet<string> = new Set();

/** The only candidate of a one-candidate map, and its value (set by `takeOnly`: no closure or entry array per device). */
let onlyCandidate: Candidate | undefined;
let onlyValue = '';

function takeOnly(candidate: Candidate, value: string): void {
  onlyCandidate = candidate;
  onlyValue = value;
}

/**
 * The best-ranked candidate value of an attribute (null when there is none). The evidence of every
 * candidate, best first, is added to `evidence`, and the best one's confidence to `confidence`.
 */
function bestValue(candidates: ReadonlyMap<AttributeName, Map<string, Candidate>>, attribute: AttributeName, evidence: Evidence[], confidence: Device['confidence']): string | null {
  const values = candidates.get(attribute);
  if (!values || values.size === 0) return null;
  if (values.size === 1) {
    // Most attributes have one candidate: no ranking needed.
    values.forEach(takeOnly);
    const c = onlyCandidate as Candidate;
    onlyCandidate = undefined;
    evidence.push(...c.evidence);
    confidence[attribute] = c.confidence;
    return onlyValue;
  }
  const ranked = [...values.entries()].sort((a, b) => b[1].confidence - a[1].confidence || b[1].count - a[1].count);
  for (const [, c] of ranked) evidence.push(...c.evidence);
  const [value, c] = ranked[0] as [string, Candidate];
  confidence[attribute] = c.confidence;
  return value;
}

/** `[...values].sort()` (without a sort, and its work array, for one value or none). */
function sortedStrings(values: ReadonlySet<string>): string[] {
  return values.size > 1 ? [...values].sort() : [...values];
}
const NO_OPERATIONS: ReadonlySet<Operation> = new Set();

/** The identity fields of one record, each field's distinct values joined. */
function recordIdentity(record: HostRecord): Record<string, Record<string, string>> {
  const identity: Record<string, Record<string, string>> = {};
  // (forEach rather than for-of over entries: no [key, value] array per field.)
  record.identity?.forEach((fields, protocol) => {
    const into: Record<string, string> = {};
    fields.forEach((values, field) => {
      into[field] = values.length === 1 ? (values[0] as string) : values.join(' | ');
    });
    identity[protocol] = into;
  });
  return identity;
}

interface MergedRecords {
  protocols: Set<string>;
  roles: Set<string>;
  clientOperations: Set<Operation>;
  serverOperations: Set<Operation>;
  first: number;
  last: number;
  identity: Record<string, Record<string, string>>;
  candidates: Map<AttributeName, Map<string, Candidate>>;
}

/** The records of one device (joined by MAC↔IP bindings) merged: sets united, candidates copied and added up. */
function mergeRecords(records: HostRecord[]): MergedRecords {
  const m: MergedRecords = {
    protocols: new Set(),
    roles: new Set(),
    clientOperations: new Set(),
    serverOperations: new Set(),
    first: Infinity,
    last: -Infinity,
    identity: {},
    candidates: new Map(),
  };
  for (const record of records) {
    for (const p of record.protocols) m.protocols.add(p);
    if (record.roles) for (const r of record.roles) m.roles.add(r);
    if (record.clientOperations) for (const o of record.clientOperations) m.clientOperations.add(o);
    if (record.serverOperations) for (const o of record.serverOperations) m.serverOperations.add(o);
    m.first = Math.min(m.first, record.first);
    m.last = Math.max(m.last, record.last);
    if (record.identity) {
      for (const [protocol, fields] of record.identity) {
        const into = (m.identity[protocol] ??= {});
        for (const [field, values] of fields) {
          const known = into[field];
          // A record's values are distinct already; only a merge with another record's needs a set.
          into[field] = known ? [...new Set([...known.split(' | '), ...values])].join(' | ') : values.join(' | ');
        }
      }
    }
    if (!record.attributes) continue;
    for (const [attribute, values] of record.attributes) {
      let into = m.candidates.get(attribute);
      if (!into) m.candidates.set(attribute, (into = new Map()));
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
  return m;
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
  return collate(a, b);
}
