/** Aggregates conversations into flows per (client, server, protocol, transport, port). */
import { collate, isoTime } from '../fingerprint/text-order.js';
import type { Flow, Operation } from '../types.js';

const MAX_FUNCTIONS = 64;


export interface FlowContribution {
  client: string;
  server: string;
  protocol: string;
  transport: Flow['transport'];
  port: number;
  packets: number;
  bytes: number;
  first: number;
  last: number;
  operations: Iterable<Operation>;
  functions: Iterable<string>;
}

interface FlowRecord extends Omit<FlowContribution, 'operations' | 'functions'> {
  operations: Set<Operation>;
  functions: Set<string>;
}

export class FlowTable {
  private readonly flows = new Map<string, FlowRecord>();

  add(c: FlowContribution): void {
    if (c.packets === 0) return;
    const key = `${c.client}|${c.server}|${c.protocol}|${c.transport}|${c.port}`;
    let flow = this.flows.get(key);
    if (!flow) {
      flow = { client: c.client, server: c.server, protocol: c.protocol, transport: c.transport, port: c.port, packets: 0, bytes: 0, first: c.first, last: c.last, operations: new Set(), functions: new Set() };
      this.flows.set(key, flow);
    }
    flow.packets += c.packets;
    flow.bytes += c.bytes;
    flow.first = Math.min(flow.first, c.first);
    flow.last = Math.max(flow.last, c.last);
    for (const o of c.operations) flow.operations.add(o);
    for (const f of c.functions) if (flow.functions.size < MAX_FUNCTIONS) flow.functions.add(f);
  }

  get size(): number {
    return this.flows.size;
  }

  list(): Flow[] {
    return [...this.flows.values()]
      .map((f) => ({
        client: f.client,
        server: f.server,
        protocol: f.protocol,
        transport: f.transport,
        port: f.port,
        packets: f.packets,
        bytes: f.bytes,
        first: isoTime(f.first),
        last: isoTime(f.last),
        operations: [...f.operations].sort(),
        functions: [...f.functions].sort(),
      }))
      .sort((a, b) => b.bytes - a.bytes || collate(a.client, b.client) || collate(a.server, b.server));
  }
}
