/**
 * The discovery engine: reads captures, decodes each frame down to the protocol dissectors, and
 * keeps conversations, host observations and problems in bounded tables. `result()` merges them
 * into devices and flows.
 */
import { InputError } from '../model/errors.js';
import { isHostMac, macString, Truncated } from './bytes.js';
import { CaptureReader, linkTypeName } from './capture/reader.js';
import { decodeIpv4, decodeIpv6, Ipv4Reassembler, isGroupAddress, type IpPacket } from './decode/ip.js';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkFrame } from './decode/link.js';
import type { StreamSink } from './decode/tcp-stream.js';
import { TcpDirection } from './decode/tcp-stream.js';
import { Inventory, type HostRef } from './fingerprint/inventory.js';
import { Conversation } from './flows/conversation.js';
import { FlowTable } from './flows/flow-table.js';
import type { DissectContext, Dissector, HostAddress, Side } from './protocols/dissector.js';
import { Registry } from './protocols/registry.js';
import { ProblemLog } from './problems.js';
import type { AttributeName, CapturedPacket, CaptureSummary, DiscoveryResult, Operation, ProtocolName } from './types.js';

export interface SessionLimits {
  /** Conversations tracked at once; the oldest is flushed into flows beyond this (default 100 000). */
  maxConversations: number;
  /** Largest capture record accepted (default 16 MiB). */
  maxRecordBytes: number;
}

export interface CaptureOptions {
  /** Name used in evidence and problems, e.g. the file name. */
  name?: string;
}

/** Layer-2 protocols that make flows (ARP would only add one flow per host to the broadcast address). */
const LAYER2_FLOW_PROTOCOLS = new Set(['profinet-dcp', 'profinet-rt', 'lldp', 'cdp', 'goose']);

export class DiscoverySession implements DissectContext {
  private readonly inventory = new Inventory();
  private readonly flowTable = new FlowTable();
  private readonly problemLog = new ProblemLog();
  private readonly captures: CaptureSummary[] = [];
  private readonly conversations = new Map<string, Conversation>();
  private readonly reassembler = new Ipv4Reassembler();
  private readonly registry = new Registry();
  private readonly limits: SessionLimits;

  // The packet being decoded (the session is its own DissectContext to avoid per-packet objects).
  private captureName = 'capture';
  frame = 0;
  time = 0;
  fromServer: boolean | undefined;
  private current: Conversation | undefined;
  private forward = true;
  private currentDissector: Dissector | undefined;
  /** Hosts of the current packet: IP addresses when it has them, else MACs (built only when needed). */
  private srcIp: string | undefined;
  private dstIp: string | undefined;
  private srcMac: number | undefined;
  private dstMac: number | undefined;
  private captureFirst = Infinity;
  private captureLast = -Infinity;

  constructor(limits: Partial<SessionLimits> = {}) {
    this.limits = { maxConversations: limits.maxConversations ?? 100_000, maxRecordBytes: limits.maxRecordBytes ?? 16 * 1024 * 1024 };
  }

  /** Reads one capture from a stream of bytes (a Node Readable of a file or stdin works). */
  async addCapture(stream: AsyncIterable<Uint8Array | string>, options: CaptureOptions = {}): Promise<CaptureSummary> {
    const reader = this.beginCapture(options);
    for await (const chunk of stream) {
      if (typeof chunk === 'string') throw new InputError('capture stream must yield bytes, not text', { code: 'invalid-capture-stream' });
      reader.push(chunk);
    }
    return this.endCapture(reader);
  }

  /** Reads one capture held in memory. */
  addCaptureBytes(bytes: Uint8Array, options: CaptureOptions = {}): CaptureSummary {
    const reader = this.beginCapture(options);
    reader.push(bytes);
    return this.endCapture(reader);
  }

  result(): DiscoveryResult {
    for (const conversation of this.conversations.values()) this.flush(conversation);
    this.conversations.clear();
    return { captures: [...this.captures], devices: this.inventory.devices(), flows: this.flowTable.list(), problems: this.problemLog.problems() };
  }

  private beginCapture(options: CaptureOptions): CaptureReader {
    this.captureName = options.name ?? `capture-${this.captures.length + 1}`;
    this.captureFirst = Infinity;
    this.captureLast = -Infinity;
    return new CaptureReader(
      (packet) => this.packet(packet),
      (issue) => this.problemLog.add({ ...issue, file: this.captureName }),
      { name: this.captureName, maxRecordBytes: this.limits.maxRecordBytes },
    );
  }

  private endCapture(reader: CaptureReader): CaptureSummary {
    const state = reader.end();
    const summary: CaptureSummary = {
      name: this.captureName,
      format: state.format,
      linkTypes: [...state.linkTypes].map(linkTypeName),
      frames: state.frames,
      bytes: state.bytes,
      first: Number.isFinite(this.captureFirst) ? new Date(this.captureFirst * 1000).toISOString() : null,
      last: Number.isFinite(this.captureLast) ? new Date(this.captureLast * 1000).toISOString() : null,
      complete: state.complete,
    };
    this.captures.push(summary);
    return summary;
  }

  // ---- DissectContext -------------------------------------------------------------------------

  conversation<T extends object>(create: () => T): T {
    const conversation = this.current;
    const name = this.currentDissector?.name ?? 'none';
    if (!conversation) return create();
    let scratch = conversation.scratch.get(name) as T | undefined;
    if (!scratch) {
      scratch = create();
      conversation.scratch.set(name, scratch);
    }
    return scratch;
  }

  identity(side: Side | HostAddress, field: string, value: string | number, attribute?: AttributeName, confidence?: number): void {
    const ref: HostRef = side === 'src' ? this.hostRef(this.srcIp, this.srcMac) : side === 'dst' ? this.hostRef(this.dstIp, this.dstMac) : side;
    if (ref.ip !== undefined && isGroupAddress(ref.ip)) return;
    const protocol = this.current?.protocol && this.current.protocol !== this.current.transport ? this.current.protocol : (this.currentDissector?.name ?? 'unknown');
    this.inventory.observe(ref, { capture: this.captureName, frame: this.frame, protocol }, field, String(value), attribute, confidence);
  }

  private hostRef(ip: string | undefined, mac: number | undefined): HostRef {
    if (ip !== undefined) return { ip };
    return mac !== undefined && isHostMac(mac) ? { mac } : {};
  }

  operation(operation: Operation | undefined, name: string): void {
    const conversation = this.current;
    if (!conversation) return;
    if (operation) conversation.operations.add(operation);
    if (conversation.functions.size < 64) conversation.functions.add(name);
  }

  serverIs(side: Side): void {
    const conversation = this.current;
    if (!conversation || conversation.serverByDissector) return;
    conversation.serverByDissector = (side === 'src') === this.forward ? 'a' : 'b';
  }

  protocol(name: ProtocolName): void {
    if (this.current) this.current.protocol = name;
  }

  bind(ip: string, mac: number | undefined = this.srcMac): void {
    if (mac !== undefined && !isGroupAddress(ip)) this.inventory.link(mac, ip, true);
  }

  problem(code: string, message: string): void {
    this.problemLog.add({ code, message, file: this.captureName, frame: this.frame, protocol: this.currentDissector?.name });
  }

  // ---- decoding -------------------------------------------------------------------------------

  private packet(p: CapturedPacket): void {
    this.frame = p.frame;
    this.time = p.time;
    if (p.time < this.captureFirst) this.captureFirst = p.time;
    if (p.time > this.captureLast) this.captureLast = p.time;
    this.currentDissector = undefined;
    this.current = undefined;
    const link = decodeLink(p.linkType, p.data);
    if ('error' in link) {
      this.problem('bad-link-header', link.error);
      return;
    }
    this.srcMac = link.srcMac;
    this.dstMac = link.dstMac;
    if (link.etherType === ETHERTYPE_IPV4 || link.etherType === ETHERTYPE_IPV6) {
      const ip = link.etherType === ETHERTYPE_IPV4 ? decodeIpv4(link.payload, p.time, this.reassembler) : decodeIpv6(link.payload);
      if ('error' in ip) this.problem('bad-ip-header', ip.error);
      else if (!('fragment' in ip)) {
        if (ip.cut) this.problem('snaplen-cut', `frame captured ${p.data.length} of ${p.originalLength} bytes; the IP packet is cut short`);
        this.ipPacket(link, ip, p.originalLength);
      }
      return;
    }
    const dissector = this.registry.byEtherType(link.etherType);
    if (dissector && link.srcMac !== undefined) this.layer2(link, dissector, p.originalLength);
  }

  private layer2(link: LinkFrame, dissector: Dissector, length: number): void {
    const src = link.srcMac as number;
    const dst = link.dstMac ?? 0;
    this.srcIp = undefined;
    this.dstIp = undefined;
    this.forward = true;
    this.fromServer = undefined;
    this.current = undefined;
    if (LAYER2_FLOW_PROTOCOLS.has(dissector.name)) {
      // PROFINET DCP and cyclic RT share an EtherType; keep them in separate flows.
      const variant = link.etherType === 0x8892 && (link.payload[0] ?? 0) === 0xfe ? 'dcp' : '';
      const key = `${src}>${dst}|${link.etherType}${variant}`;
      let conversation = this.conversations.get(key);
      if (!conversation) {
        conversation = new Conversation('ethernet', macString(src), 0, macString(dst), 0);
        conversation.aMacs.add(src);
        conversation.dissector = dissector;
        conversation.protocol = dissector.name;
        this.remember(key, conversation);
      }
      this.count(conversation, length);
      this.current = conversation;
    }
    this.dissect(dissector, link.payload);
  }

  private ipPacket(link: LinkFrame, ip: IpPacket, length: number): void {
    const b = ip.payload;
    let srcPort: number;
    let dstPort: number;
    let payload: Uint8Array;
    let transport: 'tcp' | 'udp';
    if (ip.protocol === 6) {
      if (b.length < 20) return this.problem('bad-tcp-header', `TCP header needs 20 bytes, ${b.length} available`);
      const dataOffset = ((b[12] as number) >> 4) * 4;
      if (dataOffset < 20 || dataOffset > b.length) return this.problem('bad-tcp-header', `TCP data offset ${dataOffset} is not within 20..${b.length}`);
      transport = 'tcp';
      srcPort = ((b[0] as number) << 8) | (b[1] as number);
      dstPort = ((b[2] as number) << 8) | (b[3] as number);
      payload = b.subarray(dataOffset);
    } else if (ip.protocol === 17) {
      if (b.length < 8) return this.problem('bad-udp-header', `UDP header needs 8 bytes, ${b.length} available`);
      const udpLength = ((b[4] as number) << 8) | (b[5] as number);
      if (udpLength < 8 || (udpLength > b.length && !ip.cut)) {
        return this.problem('bad-udp-header', `UDP length ${udpLength} does not fit the ${b.length} bytes of the IP payload`);
      }
      transport = 'udp';
      srcPort = ((b[0] as number) << 8) | (b[1] as number);
      dstPort = ((b[2] as number) << 8) | (b[3] as number);
      payload = b.subarray(8, Math.min(udpLength, b.length));
    } else {
      if (link.srcMac !== undefined && !isGroupAddress(ip.src)) this.inventory.link(link.srcMac, ip.src, false);
      this.inventory.touch({ ip: ip.src }, undefined, undefined, this.time, this.time);
      return;
    }
    const { conversation, forward } = this.conversationFor(transport, ip.src, srcPort, ip.dst, dstPort);
    this.forward = forward;
    this.current = conversation;
    this.count(conversation, length);
    if (payload.length > 0) {
      if (forward) conversation.payloadPacketsA++;
      else conversation.payloadPacketsB++;
    }
    const macs = forward ? conversation.aMacs : conversation.bMacs;
    if (link.srcMac !== undefined && !macs.has(link.srcMac) && macs.size < 8) {
      macs.add(link.srcMac);
      if (!isGroupAddress(ip.src)) this.inventory.link(link.srcMac, ip.src, false);
    }
    this.srcIp = ip.src;
    this.dstIp = ip.dst;
    if (!conversation.dissector && !conversation.classified && transport === 'tcp' && payload.length > 0) {
      // Not a well-known port: recognise the protocol from the first payload.
      conversation.classified = true;
      const found = this.registry.byTcpContent(payload);
      if (found) {
        conversation.dissector = found;
        conversation.protocol = found.name;
      }
    }
    const dissector = conversation.dissector;
    this.currentDissector = dissector;
    if (transport === 'tcp') {
      const flags = b[13] as number;
      const seq = ((((b[4] as number) << 24) | ((b[5] as number) << 16) | ((b[6] as number) << 8) | (b[7] as number)) >>> 0);
      const direction = (conversation.tcp as [TcpDirection, TcpDirection])[forward ? 0 : 1];
      if (flags & 0x02) {
        if (!(flags & 0x10)) conversation.clientBySyn = forward ? 'a' : 'b';
        else if (!conversation.clientBySyn) conversation.clientBySyn = forward ? 'b' : 'a';
        direction.syn(seq);
      }
      if (!dissector || payload.length === 0) return;
      this.fromServer = (conversation.serverSide() === 'a') === forward;
      direction.segment(seq, payload, this.sinkFor(dissector, conversation, forward));
      return;
    }
    if (!dissector) return;
    this.fromServer = conversation.clientBySyn || conversation.serverByDissector || dissectorPortsDecide(conversation) ? (conversation.serverSide() === 'a') === forward : undefined;
    this.dissect(dissector, payload);
  }

  private sinkFor(dissector: Dissector, conversation: Conversation, forward: boolean): StreamSink {
    const key = forward ? 'sink:a' : 'sink:b';
    let sink = conversation.scratch.get(key) as StreamSink | undefined;
    if (!sink) {
      sink = {
        frameLength: dissector.frameLength ? (buffer) => (dissector.frameLength as (b: Uint8Array) => number)(buffer) : undefined,
        pdu: (pdu) => this.dissect(conversation.dissector ?? dissector, pdu),
        problem: (code, message) => this.problem(code, message),
      };
      conversation.scratch.set(key, sink);
    }
    return sink;
  }

  private dissect(dissector: Dissector, pdu: Uint8Array): void {
    this.currentDissector = dissector;
    try {
      dissector.dissect(pdu, this);
    } catch (error) {
      if (error instanceof Truncated) this.problem('truncated-pdu', `${dissector.name}: ${error.message}`);
      else this.problem('dissector-error', `${dissector.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private conversationFor(transport: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number): { conversation: Conversation; forward: boolean } {
    // One canonical key for both directions, so each packet builds one string and does one lookup.
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    const key = srcFirst ? `${transport}|${src}|${srcPort}|${dst}|${dstPort}` : `${transport}|${dst}|${dstPort}|${src}|${srcPort}`;
    let conversation = this.conversations.get(key);
    if (conversation) return { conversation, forward: conversation.aAddress === src && conversation.aPort === srcPort };
    conversation = new Conversation(transport, src, srcPort, dst, dstPort);
    const dissector =
      transport === 'tcp'
        ? (this.registry.byTcpPort(dstPort) ?? this.registry.byTcpPort(srcPort))
        : (this.registry.byUdpPort(dstPort) ?? this.registry.byUdpPort(srcPort));
    if (transport === 'tcp') conversation.tcp = [new TcpDirection(), new TcpDirection()];
    if (dissector) {
      conversation.dissector = dissector;
      conversation.protocol = dissector.name;
    }
    this.remember(key, conversation);
    return { conversation, forward: true };
  }

  private remember(key: string, conversation: Conversation): void {
    if (this.conversations.size >= this.limits.maxConversations) {
      const [oldestKey, oldest] = this.conversations.entries().next().value as [string, Conversation];
      this.flush(oldest);
      this.conversations.delete(oldestKey);
    }
    this.conversations.set(key, conversation);
  }

  private count(conversation: Conversation, length: number): void {
    conversation.packets++;
    conversation.bytes += length;
    if (this.time < conversation.first) conversation.first = this.time;
    if (this.time > conversation.last) conversation.last = this.time;
  }

  /** Moves a conversation's counters into flows and the hosts' protocol roles. */
  private flush(c: Conversation): void {
    const serverIsA = c.transport === 'ethernet' ? false : c.serverSide() === 'a';
    const [clientAddress, serverAddress, serverPort] = serverIsA ? [c.bAddress, c.aAddress, c.aPort] : [c.aAddress, c.bAddress, c.bPort];
    const identified = c.protocol !== c.transport;
    this.flowTable.add({
      client: clientAddress,
      server: serverAddress,
      protocol: c.protocol,
      transport: c.transport,
      port: serverPort,
      packets: c.packets,
      bytes: c.bytes,
      first: c.first,
      last: c.last,
      operations: c.operations,
      functions: c.functions,
    });
    if (c.transport === 'ethernet') {
      const mac = [...c.aMacs][0];
      if (mac !== undefined) this.inventory.touch({ mac }, c.protocol, undefined, c.first, c.last);
      return;
    }
    // Over TCP a server that never sent data (refused or unanswered connection) serves nothing.
    const serverPayload = serverIsA ? c.payloadPacketsA : c.payloadPacketsB;
    const answered = c.transport === 'udp' || serverPayload > 0;
    const protocol = identified && answered ? c.protocol : undefined;
    const serverGroup = isGroupAddress(serverAddress);
    const roles = protocol !== undefined && !serverGroup;
    this.inventory.touch({ ip: clientAddress }, protocol, roles ? 'client' : undefined, c.first, c.last, c.operations);
    if (!serverGroup) this.inventory.touch({ ip: serverAddress }, protocol, roles ? 'server' : undefined, c.first, c.last, c.operations);
  }
}

/** For UDP: do the well-known ports alone tell which side is the server? */
function dissectorPortsDecide(c: Conversation): boolean {
  const ports = c.dissector?.udpPorts;
  if (!ports) return false;
  return ports.includes(c.aPort) !== ports.includes(c.bPort);
}
