/** Guesses what a device is (plc, hmi, ews, ...) from the roles it plays and what it says it is. */
import type { Operation } from '../types.js';

export interface KindInput {
  protocols: ReadonlySet<string>;
  /** `<protocol>-client` / `<protocol>-server`. */
  roles: ReadonlySet<string>;
  identity: Record<string, Record<string, string>>;
  clientOperations: ReadonlySet<Operation>;
  serverOperations: ReadonlySet<Operation>;
  /** MACs of this device that carry many IP addresses. */
  routerMacCount: number;
}

export interface KindGuess {
  kind: string;
  reason: string;
  confidence: number;
}

/** Controller-side protocols: serving them means the device is a controller or field device. */
const CONTROLLER_SERVERS: ReadonlyArray<[string, string]> = [
  ['s7comm', 'plc'],
  ['s7comm-plus', 'plc'],
  ['enip', 'plc'],
  ['modbus', 'plc'],
  ['dnp3', 'rtu'],
  ['iec104', 'rtu'],
  ['mms', 'ied'],
  ['bacnet', 'controller'],
];
/** The same as roles to look for (`s7comm-server`, …) with their reasons, built once. */
const CONTROLLER_SERVER_ROLES: ReadonlyArray<[string, string, string]> = CONTROLLER_SERVERS.map(([protocol, kind]) => [`${protocol}-server`, kind, `serves ${protocol}`]);
const ICS_PROTOCOLS = new Set(['s7comm', 's7comm-plus', 'enip', 'modbus', 'dnp3', 'iec104', 'mms', 'bacnet', 'opcua']);
const ENGINEERING_OPERATIONS: readonly Operation[] = ['program-download', 'program-upload', 'firmware-update', 'stop', 'start'];
const NO_OPERATIONS: readonly Operation[] = [];
const NO_STRINGS: readonly string[] = [];

/** CIP device profiles (CIP Vol. 1 ch. 6) that say directly what the device is. */
function kindFromCipDeviceType(deviceType: string): string | undefined {
  const t = deviceType.toLowerCase();
  if (t.includes('programmable logic controller')) return 'plc';
  if (t.includes('human-machine interface')) return 'hmi';
  if (t.includes('ethernet switch')) return 'network';
  if (t.includes('communications adapter')) return 'io';
  if (t.includes('i/o')) return 'io';
  if (t.includes('drive') || t.includes('motor')) return 'drive';
  return undefined;
}

/** Guesses whose reason is always the same, made once (every device gets one). */
const ROUTER: KindGuess = { kind: 'network', reason: 'its MAC address carries traffic for many IP addresses (a router)', confidence: 0.7 };
const PROFINET_CONTROLLER: KindGuess = { kind: 'plc', reason: 'PROFINET DCP role IO-Controller', confidence: 0.85 };
const PROFINET_DEVICE: KindGuess = { kind: 'io', reason: 'PROFINET DCP role IO-Device', confidence: 0.8 };
const CONTROLLER_SERVER_GUESSES: readonly [string, KindGuess][] = CONTROLLER_SERVER_ROLES.map(([role, kind, reason]) => [role, { kind, reason, confidence: 0.75 }]);
const S7_MODULE: KindGuess = { kind: 'plc', reason: 'announces an S7 module identification', confidence: 0.8 };
const OPCUA_SERVER: KindGuess = { kind: 'server', reason: 'serves OPC UA', confidence: 0.6 };
const HISTORIAN_BY_NAME: KindGuess = { kind: 'historian', reason: 'names itself a historian', confidence: 0.6 };
const OPCUA_CLIENT_ONLY: KindGuess = { kind: 'historian', reason: 'OPC UA client only (collects data)', confidence: 0.4 };
const HTTP_OR_SNMP_SERVER: KindGuess = { kind: 'server', reason: 'serves HTTP or SNMP only', confidence: 0.3 };
const UNKNOWN: KindGuess = { kind: 'unknown', reason: 'no protocol seen that tells the kind of device', confidence: 0 };

/** The guess, read only (fixed guesses are shared objects). */
export function guessKind(input: KindInput): Readonly<KindGuess> {
  const { roles, identity } = input;
  if (input.routerMacCount > 0 && ![...roles].some((r) => r.endsWith('-server') && ICS_PROTOCOLS.has(r.slice(0, -7)))) {
    return ROUTER;
  }
  const cipType = identity.enip?.deviceType;
  if (cipType) {
    const kind = kindFromCipDeviceType(cipType);
    if (kind) return { kind, reason: `EtherNet/IP identity device type "${cipType}"`, confidence: 0.9 };
  }
  const pnRole = identity['profinet-dcp']?.role;
  if (pnRole?.includes('IO-Controller')) return PROFINET_CONTROLLER;
  if (pnRole?.includes('IO-Device')) return PROFINET_DEVICE;
  for (const [role, guess] of CONTROLLER_SERVER_GUESSES) {
    if (roles.has(role)) return guess;
  }
  if (identity.s7comm?.orderNumber || identity.s7comm?.moduleName) return S7_MODULE;
  const engineering = input.clientOperations.size > 0 ? ENGINEERING_OPERATIONS.filter((op) => input.clientOperations.has(op)) : NO_OPERATIONS;
  if (engineering.length > 0) {
    return { kind: 'ews', reason: `sends ${engineering.join(', ')} to controllers`, confidence: 0.8 };
  }
  if (identity.lldp?.capabilities !== undefined || identity.cdp?.capabilities !== undefined) {
    const capabilities = `${identity.lldp?.capabilities ?? ''} ${identity.cdp?.capabilities ?? ''}`.toLowerCase();
    if (/router|bridge|switch/.test(capabilities)) {
      return { kind: 'network', reason: `LLDP/CDP capabilities: ${capabilities.trim()}`, confidence: 0.8 };
    }
  }
  if (roles.has('opcua-server')) return OPCUA_SERVER;
  const names = Object.values(identity)
    .flatMap((fields) => Object.values(fields))
    .join(' ')
    .toLowerCase();
  if (/historian|\bpi server\b|wonderware hist/.test(names)) return HISTORIAN_BY_NAME;
  const icsClient = roles.size === 0 ? NO_STRINGS : [...roles].filter((r) => r.endsWith('-client') && ICS_PROTOCOLS.has(r.slice(0, -7))).map((r) => r.slice(0, -7));
  if (icsClient.includes('opcua') && icsClient.length === 1) return OPCUA_CLIENT_ONLY;
  if (icsClient.length > 0) {
    return { kind: 'hmi', reason: `polls controllers over ${icsClient.join(', ')}`, confidence: 0.6 };
  }
  if (roles.has('http-server') || roles.has('snmp-server')) return HTTP_OR_SNMP_SERVER;
  return UNKNOWN;
}
