/** State kept per conversation (TCP connection, UDP pair, layer-2 pair) until it is flushed into flows. */
import type { StreamSink, TcpDirection } from '../decode/tcp-stream.js';
import type { HostRecord } from '../fingerprint/inventory.js';
import type { Dissector } from '../protocols/dissector.js';
import type { Flow, Operation } from '../types.js';

export class Conversation {
  /** `a` is the source of the first packet seen. */
  /**
   * Source MACs seen from each side, in order (at most 8; arrays of numbers are compact). Made
   * with the first MAC, as `[mac]`: an empty array would grow to room for 17 on its first push.
   */
  aMacs: number[] | undefined;
  bMacs: number[] | undefined;
  /** Which side opened the TCP connection (from SYN), if seen. */
  clientBySyn: 'a' | 'b' | undefined;
  /** Which side is the server, as a dissector said. */
  serverByDissector: 'a' | 'b' | undefined;
  dissector: Dissector | undefined;
  protocol: string;
  /** Packets with payload sent by each side (a TCP connection nobody answered serves nothing). */
  payloadPacketsA = 0;
  payloadPacketsB = 0;
  packets = 0;
  bytes = 0;
  first = Infinity;
  last = -Infinity;
  /** Operations and function names seen, and dissector scratch space: made on first use (most conversations have few). */
  operations: Set<Operation> | undefined;
  functions: Set<string> | undefined;
  scratch: Map<string, object> | undefined;
  /** The function name last given to `functions` (it is in the set, or the set was full). */
  lastFunction: string | undefined;
  /** TCP only: the streams a→b and b→a, each made on first use. */
  tcpA: TcpDirection | undefined;
  tcpB: TcpDirection | undefined;
  /** Dissection was chosen (or given up on) for this conversation. */
  classified = false;
  /** TCP only: FIN seen from a (1), from b (2), RST seen (4); queued to be flushed once idle (8). See `tcpClose`. */
  closeFlags = 0;
  /** In the conversation table (cleared when it is evicted or flushed). */
  tracked = false;
  /** Key in the conversation table: four integers (IPv4 and layer 2, `intKey`) or a string (IPv6). */
  key: string | undefined;
  intKey = false;
  key1 = 0;
  key2 = 0;
  key3 = 0;
  key4 = 0;
  /** Side a's IPv4 address as a signed 32-bit number, to tell the direction without strings (IPv4 only). */
  aIp = 0;
  /** Per-direction TCP stream sinks (a→b, b→a), made on first payload. */
  sinkA: StreamSink | undefined;
  sinkB: StreamSink | undefined;
  /** Inventory records of the two IP hosts (null: a group address, no record), looked up once. */
  hostA: HostRecord | null | undefined;
  hostB: HostRecord | null | undefined;
  /** The last source MAC seen from each side (known to be in aMacs/bMacs), to skip the set lookup. */
  lastMacA = -1;
  lastMacB = -1;
  /** Which side the dissector's well-known ports make the server (cached per dissector). */
  private portSideOf: Dissector | undefined | null = null;
  private portSideValue: 'a' | 'b' | undefined;

  constructor(
    readonly transport: Flow['transport'],
    readonly aAddress: string,
    readonly aPort: number,
    readonly bAddress: string,
    readonly bPort: number,
  ) {
    this.protocol = transport;
  }

  /** The server side: SYN first, then what the dissector said, then the well-known port, then the lower port. */
  serverSide(): 'a' | 'b' {
    if (this.clientBySyn) return this.clientBySyn === 'a' ? 'b' : 'a';
    if (this.serverByDissector) return this.serverByDissector;
    const byPorts = this.portSide();
    if (byPorts) return byPorts;
    if (this.aPort !== this.bPort) return this.aPort < this.bPort ? 'a' : 'b';
    return 'b';
  }

  /** The side whose port alone is one of the dissector's well-known ports, if exactly one is. */
  portSide(): 'a' | 'b' | undefined {
    const d = this.dissector;
    if (this.portSideOf !== d) {
      this.portSideOf = d;
      this.portSideValue = undefined;
      const ports = this.transport === 'tcp' ? d?.tcpPorts : d?.udpPorts;
      if (ports) {
        const aWellKnown = ports.includes(this.aPort);
        const bWellKnown = ports.includes(this.bPort);
        if (aWellKnown !== bWellKnown) this.portSideValue = aWellKnown ? 'a' : 'b';
      }
    }
    return this.portSideValue;
  }
}
