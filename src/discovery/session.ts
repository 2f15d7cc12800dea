/**
 * The discovery engine: reads captures, decodes each frame down to the protocol dissectors, and
 * keeps conversations, host observations and problems in bounded tables. `result()` merges them
 * into devices and flows.
 */
import { InputError } from '../model/errors.js';
import { ipv4String, isHostMac, macString, numberText, Truncated } from './bytes.js';
import { CaptureReader, linkTypeName, type FrameSink } from './capture/reader.js';
import { IP_ERROR, IP_OK, Ipv4Decoder, Ipv4Reassembler, Ipv6Decoder, isGroupAddress } from './decode/ip.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, LinkDecoder } from './decode/link.js';
import type { StreamSink } from './decode/tcp-stream.js';
import { TcpDirection } from './decode/tcp-stream.js';
import { Inventory, type HostRecord } from './fingerprint/inventory.js';
import { Conversation } from './flows/conversation.js';
import { ConversationTable } from './flows/conversation-table.js';
import { FlowTable } from './flows/flow-table.js';
import type { DissectContext, Dissector, HostAddress, Side } from './protocols/dissector.js';
import { Registry } from './protocols/registry.js';
import { ProblemLog } from './problems.js';
import type { AttributeName, CaptureSummary, DiscoveryResult, Operation, ProtocolName } from './types.js';

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
const TCP = 0;
const UDP = 1;
const TWO_32 = 0x100000000;
/** Conversation.closeFlags: FIN from side a, FIN from side b, RST, queued in `closedQueue`. */
const FIN_A = 1;
const FIN_B = 2;
const RST = 4;
const QUEUED = 8;
/**
 * Seconds of capture time a closed TCP connection is kept before it is flushed into flows, for
 * its last ACK and retransmitted FINs (Zeek's tcp_close_delay is 5 s too).
 */
export const TCP_CLOSE_DELAY = 5;

function tcpClosed(c: Conversation): boolean {
  return (c.closeFlags & RST) !== 0 || (c.closeFlags & (FIN_A | FIN_B)) === (FIN_A | FIN_B);
}
/** Stands for the operations or functions of a conversation that recorded none (never added to). */
const NONE: ReadonlySet<never> = new Set();

export class DiscoverySession implements DissectContext {
  private readonly inventory = new Inventory();
  private readonly flowTable = new FlowTable();
  private readonly problemLog = new ProblemLog();
  private readonly captures: CaptureSummary[] = [];
  private readonly conversations = new ConversationTable();
  /**
   * Closed TCP connections in the order they closed, each with the capture time to count its
   * idleness from: flushed once idle for TCP_CLOSE_DELAY, so that on a long capture the table holds
   * the connections still open rather than every one ever seen (up to the limit).
   */
  private closedQueue: Conversation[] = [];
  private closedSince: number[] = [];
  private closedHead = 0;
  private readonly reassembler = new Ipv4Reassembler();
  private readonly registry = new Registry();
  private readonly limits: SessionLimits;
  private readonly link = new LinkDecoder();
  private readonly ipv4 = new Ipv4Decoder();
  private readonly ipv6 = new Ipv6Decoder();
  /** The last IPv6 conversation found: most IPv6 packets belong to it (checked before a key string is made). */
  private lastV6: Conversation | undefined;
  /** Frames come from the capture reader through this sink, without a per-frame object. */
  private readonly sink: FrameSink = {
    time: 0,
    frame: (bytes, start, end, frame, linkType, originalLength) => this.packet(bytes, start, end, frame, linkType, originalLength),
  };

  // The packet being decoded (the session is its own DissectContext to avoid per-packet objects).
  private captureName = 'capture';
  frame = 0;
  time = 0;
  fromServer: boolean | undefined;
  private current: Conversation | undefined;
  private forward = true;
  private currentDissector: Dissector | undefined;
  /** Whether the current packet's hosts are its IP addresses (the conversation's sides), else its MACs. */
  private hostsByIp = false;
  /** MACs of the current frame, -1 when it has none. */
  private srcMac = -1;
  private dstMac = -1;
  private captureFirst = Infinity;
  private captureLast = -Infinity;
  /** Source IP and MAC of the last packet of another IP protocol, whose binding is already made. */
  private otherIp: string | undefined;
  private otherMac = -1;

  constructor(limits: Partial<SessionLimits> = {}) {
    this.limits = { maxConversations: limits.maxConversations ?? 100_000, maxRecordBytes: limits.maxRecordBytes ?? 16 * 1024 * 1024 };
  }

  /** Conversations being tracked (the rest are flushed into flows): bounded by the limit and by closing. */
  get trackedConversations(): number {
    return this.conversations.size;
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
    this.closedQueue = [];
    this.closedSince = [];
    this.closedHead = 0;
    this.lastV6 = undefined;
    return { captures: [...this.captures], devices: this.inventory.devices(), flows: this.flowTable.list(), problems: this.problemLog.problems() };
  }

  private beginCapture(options: CaptureOptions): CaptureReader {
    this.captureName = options.name ?? `capture-${this.captures.length + 1}`;
    this.captureFirst = Infinity;
    this.captureLast = -Infinity;
    return new CaptureReader(this.sink, (issue) => this.problemLog.add({ ...issue, file: this.captureName }), {
      name: this.captureName,
      maxRecordBytes: this.limits.maxRecordBytes,
    });
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
    const scratches = (conversation.scratch ??= new Map());
    let scratch = scratches.get(name) as T | undefined;
    if (!scratch) {
      scratch = create();
      scratches.set(name, scratch);
    }
    return scratch;
  }

  identity(side: Side | HostAddress, field: string, value: string | number, attribute?: AttributeName, confidence?: number): void {
    const text = typeof value === 'string' ? value : numberText(value);
    if (text === '') return;
    let record: HostRecord | undefined;
    if (side === 'src') record = this.sideHost(true);
    else if (side === 'dst') record = this.sideHost(false);
    else if (side.ip !== undefined) record = this.inventory.hostByIp(side.ip);
    else if (side.mac !== undefined) record = this.inventory.hostByMac(side.mac);
    if (!record) return;
    const current = this.current;
    const protocol = current?.protocol && current.protocol !== current.transport ? current.protocol : (this.currentDissector?.name ?? 'unknown');
    this.inventory.observeOn(record, this.captureName, this.frame, protocol, field, text, attribute, confidence);
  }

  /** The inventory record of the packet's source (or destination) host, if it can name one. */
  private sideHost(source: boolean): HostRecord | undefined {
    if (!this.hostsByIp) {
      const mac = source ? this.srcMac : this.dstMac;
      return mac >= 0 && isHostMac(mac) ? this.inventory.hostByMac(mac) : undefined;
    }
    return this.hostOf(this.current as Conversation, source === this.forward);
  }

  /** The inventory record of side a (or b) of an IP conversation, looked up once (created on first use). */
  private hostOf(c: Conversation, sideA: boolean): HostRecord | undefined {
    if (sideA) {
      if (c.hostA === undefined) c.hostA = this.inventory.hostByIp(c.aAddress) ?? null;
      return c.hostA ?? undefined;
    }
    if (c.hostB === undefined) c.hostB = this.inventory.hostByIp(c.bAddress) ?? null;
    return c.hostB ?? undefined;
  }

  operation(operation: Operation | undefined, name: string): void {
    const conversation = this.current;
    if (!conversation) return;
    if (operation) (conversation.operations ??= new Set()).add(operation);
    // Most PDUs of a conversation repeat the previous function: skip the set then (same outcome).
    if (name === conversation.lastFunction) return;
    const functions = (conversation.functions ??= new Set());
    if (functions.size < 64) functions.add(name);
    conversation.lastFunction = name;
  }

  serverIs(side: Side): void {
    const conversation = this.current;
    if (!conversation || conversation.serverByDissector) return;
    conversation.serverByDissector = (side === 'src') === this.forward ? 'a' : 'b';
  }

  protocol(name: ProtocolName): void {
    if (this.current) this.current.protocol = name;
  }

  bind(ip: string, mac?: number): void {
    const bound = mac ?? (this.srcMac >= 0 ? this.srcMac : undefined);
    if (bound !== undefined && !isGroupAddress(ip)) this.inventory.link(bound, ip, true);
  }

  problem(code: string, message: string): void {
    this.problemLog.report(code, message, this.captureName, this.frame, this.currentDissector?.name);
  }

  // ---- decoding -------------------------------------------------------------------------------

  /** One frame: `b[start..end)`, valid only during the call; its time is in `sink.time`. */
  private packet(b: Uint8Array, start: number, end: number, frame: number, linkType: number, originalLength: number): void {
    const time = this.sink.time;
    this.frame = frame;
    this.time = time;
    if (time < this.captureFirst) this.captureFirst = time;
    if (time > this.captureLast) this.captureLast = time;
    this.currentDissector = undefined;
    this.current = undefined;
    const link = this.link;
    const linkError = link.decode(linkType, b, start, end);
    if (linkError !== undefined) {
      this.problem('bad-link-header', linkError);
      return;
    }
    this.srcMac = link.srcMac;
    this.dstMac = link.dstMac;
    if (link.etherType === ETHERTYPE_IPV4) {
      const ip = this.ipv4;
      ip.time = time;
      const status = ip.decode(b, link.start, link.end, this.reassembler);
      if (status === IP_ERROR) this.problem('bad-ip-header', ip.error);
      else if (status === IP_OK) {
        if (ip.cut) this.problem('snaplen-cut', `frame captured ${end - start} of ${originalLength} bytes; the IP packet is cut short`);
        this.ipPacket(ip.bytes, ip.start, ip.end, ip.protocol, ip.cut, ip.src, ip.dst, undefined, undefined, originalLength);
      }
      return;
    }
    if (link.etherType === ETHERTYPE_IPV6) {
      const ip = this.ipv6;
      const status = ip.decode(b, link.start, link.end);
      if (status === IP_ERROR) this.problem('bad-ip-header', ip.error);
      else if (status === IP_OK) {
        if (ip.cut) this.problem('snaplen-cut', `frame captured ${end - start} of ${originalLength} bytes; the IP packet is cut short`);
        this.ipPacket(ip.bytes, ip.start, ip.end, ip.protocol, ip.cut, -1, -1, ip.src, ip.dst, originalLength);
      }
      return;
    }
    const dissector = this.registry.byEtherType(link.etherType);
    if (dissector && link.srcMac >= 0) this.layer2(b, dissector, originalLength);
  }

  private layer2(b: Uint8Array, dissector: Dissector, length: number): void {
    const link = this.link;
    const src = link.srcMac;
    const dst = link.dstMac >= 0 ? link.dstMac : 0;
    this.hostsByIp = false;
    this.forward = true;
    this.fromServer = undefined;
    this.current = undefined;
    if (LAYER2_FLOW_PROTOCOLS.has(dissector.name)) {
      // PROFINET DCP and cyclic RT share an EtherType; keep them in separate flows.
      const dcp = link.etherType === 0x8892 && link.start < link.end && b[link.start] === 0xfe;
      const k1 = 2 | (dcp ? 4 : 0) | (link.etherType << 3);
      const k2 = src % TWO_32 | 0;
      const k3 = dst % TWO_32 | 0;
      const k4 = (Math.floor(src / TWO_32) << 16) | Math.floor(dst / TWO_32);
      let conversation = this.conversations.find(k1, k2, k3, k4);
      if (!conversation) {
        conversation = new Conversation('ethernet', macString(src), 0, macString(dst), 0);
        conversation.aMacs = [src];
        conversation.dissector = dissector;
        conversation.protocol = dissector.name;
        this.evictIfFull();
        this.conversations.add(k1, k2, k3, k4, conversation);
      }
      this.count(conversation, length);
      this.current = conversation;
    }
    this.dissect(dissector, b, link.start, link.end);
  }

  /**
   * A TCP or UDP packet (other IP protocols only mark the host as seen): `b[start..end)` is the IP
   * payload; IPv4 addresses come as signed 32-bit numbers (`src6`/`dst6` undefined), IPv6 ones as text.
   */
  private ipPacket(b: Uint8Array, start: number, end: number, protocol: number, cut: boolean, src4: number, dst4: number, src6: string | undefined, dst6: string | undefined, length: number): void {
    const available = end - start;
    let payloadStart: number;
    let payloadEnd: number;
    let transport: number;
    if (protocol === 6) {
      if (available < 20) return this.problem('bad-tcp-header', `TCP header needs 20 bytes, ${available} available`);
      const dataOffset = ((b[start + 12] as number) >> 4) * 4;
      if (dataOffset < 20 || dataOffset > available) return this.problem('bad-tcp-header', `TCP data offset ${dataOffset} is not within 20..${available}`);
      transport = TCP;
      payloadStart = start + dataOffset;
      payloadEnd = end;
    } else if (protocol === 17) {
      if (available < 8) return this.problem('bad-udp-header', `UDP header needs 8 bytes, ${available} available`);
      const udpLength = ((b[start + 4] as number) << 8) | (b[start + 5] as number);
      if (udpLength < 8 || (udpLength > available && !cut)) {
        return this.problem('bad-udp-header', `UDP length ${udpLength} does not fit the ${available} bytes of the IP payload`);
      }
      transport = UDP;
      payloadStart = start + 8;
      payloadEnd = start + Math.min(udpLength, available);
    } else {
      // Another IP protocol (ICMP, IGMP, …): the host is seen, and seen with its MAC.
      const ip = src6 ?? ipv4String(src4 >>> 0);
      const mac = this.link.srcMac;
      if (ip !== this.otherIp || mac !== this.otherMac) {
        // Binding the same pair again changes nothing: skip it for a run of such packets.
        if (mac >= 0 && !isGroupAddress(ip)) this.inventory.link(mac, ip, false);
        this.otherIp = ip;
        this.otherMac = mac;
      }
      this.inventory.touch({ ip }, undefined, undefined, this.time, this.time);
      return;
    }
    const srcPort = ((b[start] as number) << 8) | (b[start + 1] as number);
    const dstPort = ((b[start + 2] as number) << 8) | (b[start + 3] as number);
    const conversation = src6 === undefined ? this.conversationV4(transport, src4, srcPort, dst4, dstPort) : this.conversationV6(transport, src6, srcPort, dst6 as string, dstPort);
    const forward = this.forward;
    this.current = conversation;
    this.count(conversation, length);
    const payloadLength = payloadEnd - payloadStart;
    if (payloadLength > 0) {
      if (forward) conversation.payloadPacketsA++;
      else conversation.payloadPacketsB++;
    }
    const srcMac = this.link.srcMac;
    if (srcMac >= 0 && srcMac !== (forward ? conversation.lastMacA : conversation.lastMacB)) this.sourceMac(conversation, forward, srcMac);
    this.hostsByIp = true;
    if (!conversation.dissector && !conversation.classified && transport === TCP && payloadLength > 0) {
      // Not a well-known port: recognise the protocol from the first payload.
      conversation.classified = true;
      const found = this.registry.byTcpContent(b.subarray(payloadStart, payloadEnd));
      if (found) {
        conversation.dissector = found;
        conversation.protocol = found.name;
      }
    }
    const dissector = conversation.dissector;
    this.currentDissector = dissector;
    if (transport === TCP) {
      const flags = b[start + 13] as number;
      const seq = (((b[start + 4] as number) << 24) | ((b[start + 5] as number) << 16) | ((b[start + 6] as number) << 8) | (b[start + 7] as number)) >>> 0;
      const direction = forward ? (conversation.tcpA ??= new TcpDirection()) : (conversation.tcpB ??= new TcpDirection());
      if (flags & 0x02) {
        if (!(flags & 0x10)) conversation.clientBySyn = forward ? 'a' : 'b';
        else if (!conversation.clientBySyn) conversation.clientBySyn = forward ? 'b' : 'a';
        direction.syn(seq);
        conversation.closeFlags &= QUEUED; // a new connection on the same ports: open again
      }
      if (flags & 0x05) this.tcpClose(conversation, forward, flags);
      if (!dissector || payloadLength === 0) return;
      this.fromServer = (conversation.serverSide() === 'a') === forward;
      direction.segment(seq, b, payloadStart, payloadEnd, this.sinkFor(dissector, conversation, forward));
      return;
    }
    if (!dissector) return;
    this.fromServer = conversation.clientBySyn || conversation.serverByDissector || conversation.portSide() !== undefined ? (conversation.serverSide() === 'a') === forward : undefined;
    this.dissect(dissector, b, payloadStart, payloadEnd);
  }

  /** A source MAC not the last one seen from this side: remember it (up to 8) and its binding to the IP. */
  private sourceMac(conversation: Conversation, forward: boolean, mac: number): void {
    const macs = forward ? conversation.aMacs : conversation.bMacs;
    if (macs?.includes(mac)) {
      if (forward) conversation.lastMacA = mac;
      else conversation.lastMacB = mac;
      return;
    }
    if (macs === undefined) {
      if (forward) conversation.aMacs = [mac];
      else conversation.bMacs = [mac];
    } else if (macs.length >= 8) return;
    else macs.push(mac);
    if (forward) conversation.lastMacA = mac;
    else conversation.lastMacB = mac;
    const ip = forward ? conversation.aAddress : conversation.bAddress;
    if (!isGroupAddress(ip)) this.inventory.link(mac, ip, false);
  }

  private sinkFor(dissector: Dissector, conversation: Conversation, forward: boolean): StreamSink {
    let sink = forward ? conversation.sinkA : conversation.sinkB;
    if (!sink) {
      sink = new DirectionSink(this, conversation, dissector);
      if (forward) conversation.sinkA = sink;
      else conversation.sinkB = sink;
    }
    return sink;
  }

  /**
   * Dissects the PDU `b[start..end)` with the given dissector, in place when it can read a window
   * (TCP PDUs arrive here through `DirectionSink`).
   */
  dissect(dissector: Dissector, b: Uint8Array, start: number, end: number): void {
    this.currentDissector = dissector;
    try {
      if (dissector.dissectAt) dissector.dissectAt(b, start, end, this);
      else dissector.dissect(b.subarray(start, end), this);
    } catch (error) {
      if (error instanceof Truncated) this.problem('truncated-pdu', `${dissector.name}: ${error.message}`);
      else this.problem('dissector-error', `${dissector.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The IPv4 conversation of this packet (created when new); sets `forward`. */
  private conversationV4(transport: number, src: number, srcPort: number, dst: number, dstPort: number): Conversation {
    // One canonical key for both directions.
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    const a = srcFirst ? src : dst;
    const b = srcFirst ? dst : src;
    const ports = srcFirst ? (srcPort << 16) | dstPort : (dstPort << 16) | srcPort;
    let conversation = this.conversations.find(transport, a, b, ports);
    if (conversation) {
      this.forward = conversation.aIp === src && conversation.aPort === srcPort;
      return conversation;
    }
    conversation = this.newConversation(transport, ipv4String(src >>> 0), srcPort, ipv4String(dst >>> 0), dstPort);
    conversation.aIp = src;
    this.evictIfFull();
    this.conversations.add(transport, a, b, ports, conversation);
    this.forward = true;
    return conversation;
  }

  /** The IPv6 conversation of this packet (created when new); sets `forward`. */
  private conversationV6(transport: number, src: string, srcPort: number, dst: string, dstPort: number): Conversation {
    const name = transport === TCP ? 'tcp' : 'udp';
    const last = this.lastV6;
    if (last !== undefined && last.transport === name) {
      // The same conversation as the last IPv6 packet (its address strings are the decoder's cached ones).
      if (last.aAddress === src && last.aPort === srcPort && last.bAddress === dst && last.bPort === dstPort) {
        this.forward = true;
        return last;
      }
      if (last.aAddress === dst && last.aPort === dstPort && last.bAddress === src && last.bPort === srcPort) {
        this.forward = false;
        return last;
      }
    }
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    const key = srcFirst ? `${name}|${src}|${srcPort}|${dst}|${dstPort}` : `${name}|${dst}|${dstPort}|${src}|${srcPort}`;
    let conversation = this.conversations.findString(key);
    if (conversation) {
      this.forward = conversation.aAddress === src && conversation.aPort === srcPort;
      this.lastV6 = conversation;
      return conversation;
    }
    conversation = this.newConversation(transport, src, srcPort, dst, dstPort);
    this.evictIfFull();
    this.conversations.addString(key, conversation);
    this.forward = true;
    this.lastV6 = conversation;
    return conversation;
  }

  private newConversation(transport: number, src: string, srcPort: number, dst: string, dstPort: number): Conversation {
    const conversation = new Conversation(transport === TCP ? 'tcp' : 'udp', src, srcPort, dst, dstPort);
    const dissector =
      transport === TCP
        ? (this.registry.byTcpPort(dstPort) ?? this.registry.byTcpPort(srcPort))
        : (this.registry.byUdpPort(dstPort) ?? this.registry.byUdpPort(srcPort));
    if (dissector) {
      conversation.dissector = dissector;
      conversation.protocol = dissector.name;
    }
    return conversation;
  }

  /** A FIN or RST: once both sides sent FIN, or one RST, the connection is queued to be flushed when idle. */
  private tcpClose(c: Conversation, forward: boolean, flags: number): void {
    c.closeFlags |= flags & 0x04 ? RST : forward ? FIN_A : FIN_B;
    if (c.closeFlags & QUEUED || !tcpClosed(c)) return;
    c.closeFlags |= QUEUED;
    this.closedQueue.push(c);
    this.closedSince.push(this.time);
  }

  /** Flushes the closed TCP connections idle for TCP_CLOSE_DELAY seconds of capture time. */
  private flushClosed(): void {
    const queue = this.closedQueue;
    const since = this.closedSince;
    while (this.closedHead < queue.length) {
      const at = this.closedHead;
      // The queue is in closing order, so a recent head means the rest is recent too (one re-queued
      // below may be a little older than those before it: it only waits a little longer).
      if (this.time - (since[at] as number) < TCP_CLOSE_DELAY) break;
      const c = queue[at] as Conversation;
      queue[at] = undefined as unknown as Conversation;
      this.closedHead++;
      if (!c.tracked) continue; // evicted meanwhile
      if (!tcpClosed(c)) {
        c.closeFlags &= ~QUEUED; // opened again by a SYN
        continue;
      }
      if (this.time - c.last < TCP_CLOSE_DELAY) {
        // Packets after the close (a late ACK, retransmissions): idle counts from the last one.
        queue.push(c);
        since.push(c.last);
        continue;
      }
      this.conversations.delete(c);
      if (c === this.lastV6) this.lastV6 = undefined;
      this.flush(c);
    }
    if (this.closedHead > 1024 && this.closedHead * 2 > queue.length) {
      this.closedQueue = queue.slice(this.closedHead);
      this.closedSince = since.slice(this.closedHead);
      this.closedHead = 0;
    }
  }

  /**
   * Before a new conversation is added: closed TCP connections idle long enough are flushed into
   * flows; beyond the limit, the oldest conversation is flushed too.
   */
  private evictIfFull(): void {
    if (this.closedHead < this.closedQueue.length) this.flushClosed();
    if (this.conversations.size >= this.limits.maxConversations) {
      const oldest = this.conversations.shift();
      if (oldest === this.lastV6) this.lastV6 = undefined;
      if (oldest) this.flush(oldest);
    }
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
    const clientAddress = serverIsA ? c.bAddress : c.aAddress;
    const serverAddress = serverIsA ? c.aAddress : c.bAddress;
    const serverPort = serverIsA ? c.aPort : c.bPort;
    const identified = c.protocol !== c.transport;
    this.flowTable.add(clientAddress, serverAddress, c.protocol, c.transport, serverPort, c.packets, c.bytes, c.first, c.last, c.operations, c.functions);
    if (c.transport === 'ethernet') {
      const mac = c.aMacs?.[0];
      const record = mac !== undefined ? this.inventory.hostByMac(mac) : undefined;
      if (record) this.inventory.touchRecord(record, c.protocol, undefined, c.first, c.last);
      return;
    }
    // Over TCP a server that never sent data (refused or unanswered connection) serves nothing.
    const serverPayload = serverIsA ? c.payloadPacketsA : c.payloadPacketsB;
    const answered = c.transport === 'udp' || serverPayload > 0;
    const protocol = identified && answered ? c.protocol : undefined;
    const serverGroup = isGroupAddress(serverAddress);
    const roles = protocol !== undefined && !serverGroup;
    const client = this.hostOf(c, !serverIsA);
    if (client) this.inventory.touchRecord(client, protocol, roles ? 'client' : undefined, c.first, c.last, c.operations ?? NONE);
    const server = serverGroup ? undefined : this.hostOf(c, serverIsA);
    if (server) this.inventory.touchRecord(server, protocol, roles ? 'server' : undefined, c.first, c.last, c.operations ?? NONE);
  }
}

/** Where one direction of a TCP conversation delivers its bytes: framed by the dissector it started with. */
class DirectionSink implements StreamSink {
  readonly framed: boolean;

  constructor(
    private readonly session: DiscoverySession,
    private readonly conversation: Conversation,
    private readonly dissector: Dissector,
  ) {
    this.framed = dissector.frameLength !== undefined;
  }

  frameLength(bytes: Uint8Array, start: number, end: number): number {
    return (this.dissector.frameLength as NonNullable<Dissector['frameLength']>)(bytes, start, end);
  }

  pdu(bytes: Uint8Array, start: number, end: number): void {
    this.session.dissect(this.conversation.dissector ?? this.dissector, bytes, start, end);
  }

  problem(code: string, message: string): void {
    this.session.problem(code, message);
  }
}
