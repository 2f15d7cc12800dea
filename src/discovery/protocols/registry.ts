/** Finds the dissector for a port, EtherType or stream content. Adding a protocol = one line here. */
import { arp } from './arp/index.js';
import { bacnet } from './bacnet/index.js';
import { cdp } from './cdp/index.js';
import { cotp } from './cotp/index.js';
import { dhcp } from './dhcp/index.js';
import type { Dissector } from './dissector.js';
import { dnp3 } from './dnp3/index.js';
import { enip } from './enip/index.js';
import { goose } from './goose/index.js';
import { http } from './http/index.js';
import { iec104 } from './iec104/index.js';
import { lldp } from './lldp/index.js';
import { mdns, nbns } from './names/index.js';
import { modbus } from './modbus/index.js';
import { opcua } from './opcua/index.js';
import { profinet } from './profinet/index.js';
import { snmp } from './snmp/index.js';

export const DISSECTORS: readonly Dissector[] = [modbus, enip, cotp, bacnet, dnp3, iec104, opcua, profinet, lldp, cdp, arp, dhcp, nbns, mdns, snmp, http, goose];

export class Registry {
  private readonly tcp = new Map<number, Dissector>();
  private readonly udp = new Map<number, Dissector>();
  private readonly ether = new Map<number, Dissector>();
  private readonly heuristics: Dissector[];

  constructor(dissectors: readonly Dissector[] = DISSECTORS) {
    for (const d of dissectors) {
      for (const port of d.tcpPorts ?? []) if (!this.tcp.has(port)) this.tcp.set(port, d);
      for (const port of d.udpPorts ?? []) if (!this.udp.has(port)) this.udp.set(port, d);
      for (const type of d.etherTypes ?? []) if (!this.ether.has(type)) this.ether.set(type, d);
    }
    this.heuristics = dissectors.filter((d) => d.looksLike);
  }

  byTcpPort(port: number): Dissector | undefined {
    return this.tcp.get(port);
  }

  byUdpPort(port: number): Dissector | undefined {
    return this.udp.get(port);
  }

  byEtherType(type: number): Dissector | undefined {
    return this.ether.get(type);
  }

  /** Recognises a protocol on a non-standard port from the first payload bytes. */
  byTcpContent(payload: Uint8Array): Dissector | undefined {
    if (payload.length === 0) return undefined;
    return this.heuristics.find((d) => d.looksLike?.(payload));
  }
}
