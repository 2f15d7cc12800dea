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
  /** Made on first use: many flows have none. */
  operations: Set<Operation> | undefined;
  functions: Set<string> | undefined;
}

/** The set's values sorted (no sort, and no work array, for one value or none). */
function sortedValues<T extends string>(values: ReadonlySet<T> | undefined): T[] {
  if (values === undefined || values.size === 0) return [];
  return values.size > 1 ? [...values].sort() : [...values];
}

export class FlowTable {
  /** Flows in the order they were made (the order `list` breaks ties in). */
  private readonly flows: FlowRecord[] = [];
  /**
   * client → server → the flows between them (usually one or two). Keyed by the address strings,
   * which the session reuses, rather than by one key string built per conversation.
   */
  private readonly index = new Map<string, Map<string, FlowRecord[]>>();

  /**
   * Adds a conversation's counters. Its sets (at most 64 functions) are taken over, not copied:
   * the caller must not change them afterwards (a flushed conversation is discarded).
   */
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
    operations: Set<Operation> | undefined,
    functions: Set<string> | undefined,
  ): void {
    if (packets === 0) return;
    let servers = this.index.get(client);
    if (!servers) {
      servers = new Map();
      this.index.set(client, servers);
    }
    const between = servers.get(server);
    let flow: FlowRecord | undefined;
    if (between) {
      for (const f of between) {
        if (f.port === port && f.protocol === protocol && f.transport === transport) {
          flow = f;
          break;
        }
      }
    }
    if (!flow) {
      // The conversation keeps at most 64 functions too: its set is taken whole.
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
        operations,
        functions,
      };
      // `[flow]` rather than pushing to `[]`, which would grow it to room for 17.
      if (between) between.push(flow);
      else servers.set(server, [flow]);
      this.flows.push(flow);
      return;
    }
    flow.packets += packets;
    flow.bytes += bytes;
    flow.first = Math.min(flow.first, first);
    flow.last = Math.max(flow.last, last);
    if (operations) {
      if (flow.operations === undefined) flow.operations = operations;
      else for (const o of operations) flow.operations.add(o);
    }
    if (functions) {
      if (flow.functions === undefined) flow.functions = functions;
      else for (const f of functions) if (flow.functions.size < MAX_FUNCTIONS) flow.functions.add(f);
    }
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
        operations: sortedValues(f.operations),
        functions: sortedValues(f.functions),
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
