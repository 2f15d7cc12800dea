/** Aggregates conversations into flows per (client, server, protocol, transport, port). */
import { collateKeyed, collationKey, isoTime } from '../fingerprint/text-order.js';
import type { Flow, Operation } from '../types.js';

const MAX_FUNCTIONS = 64;

interface FlowRecord {
  client: string;
  server: string;
  protocol: string;
  transport: Flow['transport'];
  port: number;
  packets: number;
  bytes: number;
  first: number;
  last: number;
  operations: Set<Operation>;
  functions: Set<string>;
}

export class FlowTable {
  /** Flows in the order they were made (the order `list` breaks ties in). */
  private readonly flows: FlowRecord[] = [];
  /**
   * client → server → the flows between them (usually one or two). Keyed by the address strings,
   * which the session reuses, rather than by one key string built per conversation.
   */
  private readonly index = new Map<string, Map<string, FlowRecord[]>>();

  /** Adds a conversation's counters (its sets are copied, not kept). */
  add(
    client: string,
    server: string,
    protocol: string,
    transport: Flow['transport'],
    port: number,
    packets: number,
    bytes: number,
    first: number,
    last: number,
    operations: ReadonlySet<Operation> | undefined,
    functions: ReadonlySet<string> | undefined,
  ): void {
    if (packets === 0) return;
    let servers = this.index.get(client);
    if (!servers) {
      servers = new Map();
      this.index.set(client, servers);
    }
    let between = servers.get(server);
    if (!between) {
      between = [];
      servers.set(server, between);
    }
    let flow: FlowRecord | undefined;
    for (const f of between) {
      if (f.port === port && f.protocol === protocol && f.transport === transport) {
        flow = f;
        break;
      }
    }
    if (!flow) {
      // The conversation keeps at most 64 functions too: its set is copied whole.
      flow = {
        client,
        server,
        protocol,
        transport,
        port,
        packets,
        bytes,
        first,
        last,
        operations: new Set(operations),
        functions: new Set(functions),
      };
      between.push(flow);
      this.flows.push(flow);
      return;
    }
    flow.packets += packets;
    flow.bytes += bytes;
    flow.first = Math.min(flow.first, first);
    flow.last = Math.max(flow.last, last);
    if (operations) for (const o of operations) flow.operations.add(o);
    if (functions) for (const f of functions) if (flow.functions.size < MAX_FUNCTIONS) flow.functions.add(f);
  }

  get size(): number {
    return this.flows.length;
  }

  list(): Flow[] {
    const out: Flow[] = new Array(this.flows.length);
    for (let i = 0; i < this.flows.length; i++) {
      const f = this.flows[i] as FlowRecord;
      out[i] = {
        client: f.client,
        server: f.server,
        protocol: f.protocol,
        transport: f.transport,
        port: f.port,
        packets: f.packets,
        bytes: f.bytes,
        first: isoTime(f.first),
        last: isoTime(f.last),
        operations: f.operations.size === 0 ? [] : [...f.operations].sort(),
        functions: f.functions.size === 0 ? [] : [...f.functions].sort(),
      };
    }
    // Ties in bytes are many (devices repeat their exchanges): compare collation keys made once per address.
    const keys = new Map<string, string | undefined>();
    const keyOf = (s: string): string | undefined => {
      let key = keys.get(s);
      if (key === undefined && !keys.has(s)) {
        key = collationKey(s);
        keys.set(s, key);
      }
      return key;
    };
    const sorted = out.map((flow) => ({ flow, client: keyOf(flow.client), server: keyOf(flow.server) }));
    sorted.sort((a, b) => b.flow.bytes - a.flow.bytes || collateKeyed(a.flow.client, a.client, b.flow.client, b.client) || collateKeyed(a.flow.server, a.server, b.flow.server, b.server));
    for (let i = 0; i < sorted.length; i++) out[i] = (sorted[i] as { flow: Flow }).flow;
    return out;
  }
}
