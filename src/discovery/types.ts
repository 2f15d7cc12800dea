/** Records produced by passive discovery: captures read, devices seen, flows between them, problems. */
import type { Issue } from '../model/errors.js';

/** One captured frame as read from the file, before any decoding. */
export interface CapturedPacket {
  /** 1-based frame number, as Wireshark counts it. */
  frame: number;
  /** Seconds since the Unix epoch (fractional). */
  time: number;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  linkType: number;
  /** The captured bytes; may be shorter than `originalLength` when the capture was cut at snaplen. */
  data: Uint8Array;
  originalLength: number;
}

/** What was read from one capture. */
export interface CaptureSummary {
  name: string;
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Link types seen, e.g. `ethernet`, `linux-sll`. */
  linkTypes: string[];
  frames: number;
  /** Bytes of the capture file read. */
  bytes: number;
  first: string | null;
  last: string | null;
  /** False when the file ended in the middle of a record or could not be read to the end. */
  complete: boolean;
}

/** A problem found while reading or dissecting; `file` is the capture name, `frame` the 1-based frame. */
export interface Problem extends Issue {
  code: string;
  protocol?: string;
}

/** Lower-case protocol names used in devices and flows. */
export type ProtocolName =
  | 'modbus'
  | 'enip'
  | 's7comm'
  | 's7comm-plus'
  | 'mms'
  | 'bacnet'
  | 'dnp3'
  | 'iec104'
  | 'opcua'
  | 'profinet-dcp'
  | 'profinet-rt'
  | 'goose'
  | 'lldp'
  | 'cdp'
  | 'arp'
  | 'dhcp'
  | 'nbns'
  | 'mdns'
  | 'snmp'
  | 'http'
  | 'tcp'
  | 'udp';

/** What a flow did to the server, as far as the protocol reveals it. */
export type Operation =
  | 'read'
  | 'write'
  | 'program-download'
  | 'program-upload'
  | 'firmware-update'
  | 'stop'
  | 'start'
  | 'restart'
  | 'configuration'
  | 'diagnostics';

/** Device attributes that are merged across protocols. */
export type AttributeName = 'vendor' | 'model' | 'firmware' | 'serial' | 'hostname' | 'hardware';

/** Why we believe an attribute value: which capture, frame, protocol and field said so. */
export interface Evidence {
  attribute: AttributeName | 'kind' | 'identity';
  value: string;
  confidence: number;
  capture: string;
  frame: number;
  protocol: string;
  field: string;
}

export interface Device {
  /** Stable within one analysis: `dev-` + the first MAC or IP. */
  id: string;
  ips: string[];
  macs: string[];
  /** Vendor of the first MAC's OUI (the network card's maker, often but not always the device's). */
  macVendor: string | null;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
  hostname: string | null;
  hardware: string | null;
  /** Confidence (0..1) of each attribute above that has a value. */
  confidence: Partial<Record<AttributeName | 'kind', number>>;
  kind: string;
  kindReason: string;
  protocols: string[];
  /** Roles per protocol, e.g. `modbus-server`, `s7comm-client`. */
  roles: string[];
  /** Raw identity fields per protocol, e.g. `identity.enip.productCode`. */
  identity: Record<string, Record<string, string>>;
  evidence: Evidence[];
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface Flow {
  /** IP address (or MAC for layer-2 protocols) of the side that opened the conversation. */
  client: string;
  server: string;
  protocol: string;
  transport: 'tcp' | 'udp' | 'ethernet';
  /** Server port (0 for layer-2 protocols). */
  port: number;
  packets: number;
  bytes: number;
  first: string;
  last: string;
  operations: Operation[];
  /** Protocol function names seen, e.g. `read-holding-registers` (at most 64). */
  functions: string[];
}

export interface DiscoveryResult {
  captures: CaptureSummary[];
  devices: Device[];
  flows: Flow[];
  problems: Problem[];
}
