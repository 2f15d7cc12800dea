/** State kept per conversation (TCP connection, UDP pair, layer-2 pair) until it is flushed into flows. */
import type { TcpDirection } from '../decode/tcp-stream.js';
import type { Dissector } from '../protocols/dissector.js';
import type { Flow, Operation } from '../types.js';

export class Conversation {
  /** `a` is the source of the first packet seen. */
  readonly aMacs = new Set<number>();
  readonly bMacs = new Set<number>();
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
  readonly operations = new Set<Operation>();
  readonly functions = new Set<string>();
  readonly scratch = new Map<string, object>();
  tcp: [TcpDirection, TcpDirection] | undefined;
  /** Dissection was chosen (or given up on) for this conversation. */
  classified = false;

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
    const d = this.dissector;
    const ports = this.transport === 'tcp' ? d?.tcpPorts : d?.udpPorts;
    if (ports) {
      const aWellKnown = ports.includes(this.aPort);
      const bWellKnown = ports.includes(this.bPort);
      if (aWellKnown !== bWellKnown) return aWellKnown ? 'a' : 'b';
    }
    if (this.aPort !== this.bPort) return this.aPort < this.bPort ? 'a' : 'b';
    return 'b';
  }
}
