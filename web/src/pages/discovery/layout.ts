/**
 * The network map's layout, pure and deterministic: devices become nodes grouped by the zone the
 * inventory gives them, else by /24 subnet (IPv4), /64 prefix (IPv6) or "layer 2" (MAC only);
 * flows become edges between nodes, one per (client, server, protocol), marked risky when they
 * write, download programs, update firmware or stop/start the device. Groups are laid out on a
 * grid, nodes on a grid inside their group.
 */
import type { Device, Flow, Operation } from './types';

/** Operations that change what a controller does: highlighted in red. */
export const RISKY_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['write', 'program-download', 'firmware-update', 'stop', 'start', 'restart']);

export interface MapNode {
  id: string;
  label: string;
  sublabel: string;
  kind: string;
  group: string;
  x: number;
  y: number;
  /** False for addresses seen in flows without a device (not identified). */
  device: boolean;
}

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  protocol: string;
  operations: Operation[];
  risky: boolean;
  packets: number;
  /** Index among edges of the same node pair (to bend parallel edges apart). */
  lane: number;
}

export interface MapGroup {
  id: string;
  label: string;
  /** 'zone' when the inventory names it, else 'subnet' or 'layer2'. */
  source: 'zone' | 'subnet' | 'layer2';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapLayout {
  nodes: MapNode[];
  edges: MapEdge[];
  groups: MapGroup[];
  width: number;
  height: number;
  protocols: string[];
}

export const NODE_SPACING = 150;
const ROW_SPACING = 110;
const GROUP_PADDING = 40;
const GROUP_HEADER = 34;
const GROUP_GAP = 40;

/** /24 of an IPv4 address, /64 of an IPv6 one. */
export function subnetOf(ip: string): string {
  if (ip.includes(':')) {
    const parts = ip.split(':').slice(0, 4);
    return `${parts.join(':')}::/64`;
  }
  const octets = ip.split('.');
  return `${octets.slice(0, 3).join('.')}.0/24`;
}

function isGroupAddress(address: string): boolean {
  const v = address.toLowerCase();
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(v)) return (parseInt(v.slice(0, 2), 16) & 1) === 1;
  if (v.includes(':')) return v.startsWith('ff');
  const first = Number(v.split('.')[0]);
  return first >= 224 || v.endsWith('.255') || v === '0.0.0.0';
}

export interface ZoneOf {
  (device: Device): { zone: string; site: string | null } | null;
}

export function layoutNetwork(devices: Device[], flows: Flow[], zoneOf: ZoneOf = () => null): MapLayout {
  const nodeOfAddress = new Map<string, string>();
  const nodes = new Map<string, Omit<MapNode, 'x' | 'y'>>();
  const groupSource = new Map<string, MapGroup['source']>();
  const place = (group: string, source: MapGroup['source']) => {
    if (!groupSource.has(group) || source === 'zone') groupSource.set(group, source);
  };

  for (const d of devices) {
    const zone = zoneOf(d);
    const ip = d.ips.find((a) => !a.startsWith('127.')) ?? d.ips[0];
    let group: string;
    if (zone) {
      group = zone.site ? `${zone.site} › ${zone.zone}` : zone.zone;
      place(group, 'zone');
    } else if (ip) {
      group = subnetOf(ip);
      place(group, 'subnet');
    } else {
      group = 'layer 2';
      place(group, 'layer2');
    }
    const name = d.hostname ?? d.model ?? d.vendor ?? ip ?? d.macs[0] ?? d.id;
    nodes.set(d.id, { id: d.id, label: name, sublabel: ip ?? d.macs[0] ?? '', kind: d.kind, group, device: true });
    for (const a of [...d.ips, ...d.macs]) if (!nodeOfAddress.has(a)) nodeOfAddress.set(a, d.id);
  }

  const endpoint = (address: string): string | null => {
    const known = nodeOfAddress.get(address);
    if (known) return known;
    if (isGroupAddress(address)) return null;
    const id = `addr-${address}`;
    if (!nodes.has(id)) {
      const isMac = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(address);
      const group = isMac ? 'layer 2' : subnetOf(address);
      place(group, isMac ? 'layer2' : 'subnet');
      nodes.set(id, { id, label: address, sublabel: 'not identified', kind: 'unknown', group, device: false });
      nodeOfAddress.set(address, id);
    }
    return id;
  };

  const edgeMap = new Map<string, Omit<MapEdge, 'lane'>>();
  for (const f of flows) {
    const source = endpoint(f.client);
    const target = endpoint(f.server);
    if (!source || !target || source === target) continue;
    const id = `${source}|${target}|${f.protocol}`;
    const existing = edgeMap.get(id);
    if (existing) {
      existing.packets += f.packets;
      existing.operations = [...new Set([...existing.operations, ...f.operations])].sort();
      existing.risky = existing.operations.some((o) => RISKY_OPERATIONS.has(o));
    } else {
      const operations = [...f.operations].sort();
      edgeMap.set(id, { id, source, target, protocol: f.protocol, operations, risky: operations.some((o) => RISKY_OPERATIONS.has(o)), packets: f.packets });
    }
  }
  const lanes = new Map<string, number>();
  const edges: MapEdge[] = [...edgeMap.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => {
      const pair = e.source < e.target ? `${e.source}|${e.target}` : `${e.target}|${e.source}`;
      const lane = lanes.get(pair) ?? 0;
      lanes.set(pair, lane + 1);
      return { ...e, lane };
    });

  // Groups: zones first, then subnets, then layer 2; each sorted by name.
  const order = { zone: 0, subnet: 1, layer2: 2 } as const;
  const groupIds = [...groupSource.keys()].sort((a, b) => order[groupSource.get(a)!] - order[groupSource.get(b)!] || compareGroups(a, b));
  const members = new Map<string, Omit<MapNode, 'x' | 'y'>[]>();
  for (const n of nodes.values()) {
    const list = members.get(n.group);
    if (list) list.push(n);
    else members.set(n.group, [n]);
  }
  const columnsOf = (n: number) => Math.max(1, Math.ceil(Math.sqrt(n)));
  const sized = groupIds.map((id) => {
    const list = (members.get(id) ?? []).sort((a, b) => Number(b.device) - Number(a.device) || compareAddresses(a.sublabel, b.sublabel) || (a.id < b.id ? -1 : 1));
    const cols = columnsOf(list.length);
    const rows = Math.ceil(list.length / cols);
    return { id, list, cols, width: cols * NODE_SPACING + GROUP_PADDING, height: rows * ROW_SPACING + GROUP_HEADER + GROUP_PADDING / 2 };
  });
  const groupColumns = Math.max(1, Math.min(4, Math.ceil(Math.sqrt(sized.length))));
  const groups: MapGroup[] = [];
  const placed: MapNode[] = [];
  let y = GROUP_GAP / 2;
  let width = 0;
  for (let row = 0; row < sized.length; row += groupColumns) {
    const line = sized.slice(row, row + groupColumns);
    let x = GROUP_GAP / 2;
    const rowHeight = Math.max(...line.map((g) => g.height));
    for (const g of line) {
      groups.push({ id: g.id, label: g.id, source: groupSource.get(g.id)!, x, y, width: g.width, height: rowHeight });
      g.list.forEach((n, i) => {
        const col = i % g.cols;
        const r = Math.floor(i / g.cols);
        placed.push({ ...n, x: x + GROUP_PADDING / 2 + col * NODE_SPACING + NODE_SPACING / 2, y: y + GROUP_HEADER + r * ROW_SPACING + ROW_SPACING / 2 - 10 });
      });
      x += g.width + GROUP_GAP;
    }
    width = Math.max(width, x - GROUP_GAP / 2);
    y += rowHeight + GROUP_GAP;
  }
  const protocols = [...new Set(edges.map((e) => e.protocol))].sort();
  return { nodes: placed, edges, groups, width: Math.max(width, 320), height: Math.max(y - GROUP_GAP / 2, 160), protocols };
}

function compareGroups(a: string, b: string): number {
  return compareAddresses(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Orders IPv4 addresses (and subnets) numerically, other text by its characters. */
export function compareAddresses(a: string, b: string): number {
  const na = ipv4Number(a);
  const nb = ipv4Number(b);
  if (na !== null && nb !== null) return na - nb;
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function ipv4Number(text: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!m) return null;
  return ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
}

/** A stable colour per protocol (risky edges are drawn red regardless). */
const PALETTE = ['#1c7ed6', '#0ca678', '#f59f00', '#7048e8', '#1098ad', '#d6336c', '#5c940d', '#e8590c', '#4263eb', '#099268', '#ae3ec9', '#495057'];
export function protocolColor(protocol: string, protocols: string[]): string {
  const i = protocols.indexOf(protocol);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}
export const RISKY_COLOR = '#e03131';
