/**
 * OPC UA binary (TCP 4840): Hello/Acknowledge, secure channel policy, and — on channels with
 * security policy None — GetEndpoints, FindServers and CreateSession, which carry the
 * application URI, product URI, application name, security modes and policies.
 */
import type { Operation } from '../../types.js';
import type { DissectContext, Dissector, Side } from '../dissector.js';
import { applicationDescription, endpointDescription, UaReader, type ApplicationDescription, type EndpointDescription } from './binary.js';

export const OPCUA_PORT = 4840;
const MESSAGE_TYPES = new Set(['HEL', 'ACK', 'ERR', 'RHE', 'OPN', 'MSG', 'CLO']);
const POLICY_NONE = 'http://opcfoundation.org/UA/SecurityPolicy#None';
const SECURITY_MODES = ['invalid', 'None', 'Sign', 'SignAndEncrypt'];
const TOKEN_TYPES = ['Anonymous', 'UserName', 'Certificate', 'IssuedToken'];

/** Service encoding ids (binary) of requests and responses. */
const SERVICES: ReadonlyMap<number, { name: string; response: boolean; operation?: Operation }> = new Map([
  [422, { name: 'find-servers', response: false, operation: 'read' }],
  [425, { name: 'find-servers', response: true }],
  [428, { name: 'get-endpoints', response: false, operation: 'read' }],
  [431, { name: 'get-endpoints', response: true }],
  [446, { name: 'open-secure-channel', response: false }],
  [449, { name: 'open-secure-channel', response: true }],
  [452, { name: 'close-secure-channel', response: false }],
  [461, { name: 'create-session', response: false }],
  [464, { name: 'create-session', response: true }],
  [467, { name: 'activate-session', response: false }],
  [470, { name: 'activate-session', response: true }],
  [473, { name: 'close-session', response: false }],
  [488, { name: 'add-nodes', response: false, operation: 'configuration' }],
  [500, { name: 'delete-nodes', response: false, operation: 'configuration' }],
  [527, { name: 'browse', response: false, operation: 'read' }],
  [554, { name: 'translate-browse-paths', response: false, operation: 'read' }],
  [631, { name: 'read', response: false, operation: 'read' }],
  [664, { name: 'history-read', response: false, operation: 'read' }],
  [673, { name: 'write', response: false, operation: 'write' }],
  [700, { name: 'history-update', response: false, operation: 'write' }],
  [712, { name: 'call', response: false }],
  [751, { name: 'create-monitored-items', response: false, operation: 'read' }],
  [787, { name: 'create-subscription', response: false, operation: 'read' }],
  [826, { name: 'publish', response: false, operation: 'read' }],
]);

interface OpcUaConversation {
  /** Security policy of the secure channel; only `None` channels can be read. */
  policy: string | null;
}

export function opcuaFrameLength(b: Uint8Array, start = 0, end = b.length): number {
  if (end - start < 8) return 0;
  const type = String.fromCharCode(b[start] as number, b[start + 1] as number, b[start + 2] as number);
  if (!MESSAGE_TYPES.has(type)) return -1;
  const chunk = b[start + 3] as number;
  if (chunk !== 0x46 && chunk !== 0x43 && chunk !== 0x41) return -1; // F, C, A
  const p = start + 4;
  const size = ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  return size < 8 ? -1 : size;
}

export const opcua: Dissector = {
  name: 'opcua',
  tcpPorts: [OPCUA_PORT, 4843],
  frameLength: opcuaFrameLength,
  looksLike(payload: Uint8Array): boolean {
    return payload.length >= 8 && payload[0] === 0x48 && payload[1] === 0x45 && payload[2] === 0x4c && payload[3] === 0x46; // "HELF"
  },
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const type = String.fromCharCode(pdu[0] as number, pdu[1] as number, pdu[2] as number);
    const final = pdu[3] === 0x46;
    const r = new UaReader(pdu, 8);
    const state = ctx.conversation<OpcUaConversation>(newOpcUaConversation);
    if (type === 'HEL') {
      ctx.serverIs('dst');
      r.skip(20, 'Hello fields');
      const url = r.string();
      if (url) ctx.identity('dst', 'endpointUrl', url);
      ctx.operation(undefined, 'hello');
      return;
    }
    if (type === 'ACK') {
      ctx.serverIs('src');
      ctx.identity('src', 'protocolVersion', r.uint32());
      return;
    }
    if (type === 'OPN') {
      r.uint32(); // secure channel id
      const policy = r.string();
      if (policy) {
        state.policy = policy;
        ctx.identity(ctx.fromServer ? 'src' : 'dst', 'securityPolicyInUse', policy.replace(/^.*#/, ''));
      }
      return;
    }
    if (type !== 'MSG' || !final || state.policy !== POLICY_NONE) return;
    r.skip(16, 'secure channel, token, sequence and request ids');
    const id = r.nodeId();
    const service = SERVICES.get(id);
    if (!service) return;
    if (!service.response) {
      ctx.serverIs('dst');
      ctx.operation(service.operation, service.name);
      if (id === 461) {
        r.requestHeader();
        applicationIdentity(applicationDescription(r), 'src', ctx);
      }
      return;
    }
    ctx.serverIs('src');
    if (r.responseHeader() !== 0) return;
    if (id === 431) endpoints(r, ctx);
    else if (id === 425) {
      const count = r.arrayLength();
      for (let i = 0; i < count; i++) {
        const app = applicationDescription(r);
        if (app.applicationUri) ctx.identity('src', 'discoveredServers', app.applicationUri);
      }
    } else if (id === 464) {
      r.nodeId(); // session id
      r.nodeId(); // authentication token
      r.skip(8, 'revised session timeout');
      r.byteString(); // server nonce
      r.byteString(); // server certificate
      endpoints(r, ctx);
    }
  },
};

function endpoints(r: UaReader, ctx: DissectContext): void {
  const count = r.arrayLength();
  const list: EndpointDescription[] = [];
  for (let i = 0; i < count; i++) list.push(endpointDescription(r));
  for (const endpoint of list) {
    applicationIdentity(endpoint.server, 'src', ctx);
    if (endpoint.endpointUrl) ctx.identity('src', 'endpointUrl', endpoint.endpointUrl);
    if (endpoint.securityPolicyUri) ctx.identity('src', 'securityPolicies', endpoint.securityPolicyUri.replace(/^.*#/, ''));
    ctx.identity('src', 'securityModes', SECURITY_MODES[endpoint.securityMode] ?? String(endpoint.securityMode));
    if (endpoint.securityMode === 1) ctx.identity('src', 'securityModeNone', 'offered');
    for (const t of endpoint.userTokenTypes) ctx.identity('src', 'userTokenTypes', TOKEN_TYPES[t] ?? String(t));
  }
}

function applicationIdentity(app: ApplicationDescription, side: Side, ctx: DissectContext): void {
  if (app.applicationUri) ctx.identity(side, 'applicationUri', app.applicationUri);
  if (app.productUri) ctx.identity(side, 'productUri', app.productUri);
  if (app.applicationName) ctx.identity(side, 'applicationName', app.applicationName, 'model', 0.5);
  ctx.identity(side, 'applicationType', ['Server', 'Client', 'ClientAndServer', 'DiscoveryServer'][app.applicationType] ?? String(app.applicationType));
}

function newOpcUaConversation(): OpcUaConversation {
  return { policy: null };
}
