/** HTTP/1.x: the Server header of responses (embedded web servers name themselves), request methods and User-Agent. */
import type { DissectContext, Dissector } from '../dissector.js';

const latin1 = new TextDecoder('latin1');
const METHODS = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) /;

export const http: Dissector = {
  name: 'http',
  tcpPorts: [80, 8080, 8000, 8081],
  looksLike(payload: Uint8Array): boolean {
    const start = latin1.decode(payload.subarray(0, 8));
    return start.startsWith('HTTP/1.') || METHODS.test(start);
  },
  dissect(pdu: Uint8Array, ctx: DissectContext): void {
    const head = latin1.decode(pdu.subarray(0, 4096));
    const end = head.indexOf('\r\n\r\n');
    const lines = (end >= 0 ? head.slice(0, end) : head).split('\r\n');
    const first = lines[0] ?? '';
    const header = (name: string): string | undefined => {
      const prefix = `${name.toLowerCase()}:`;
      const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
      // eslint-disable-next-line no-control-regex
      return line?.slice(prefix.length).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    };
    if (first.startsWith('HTTP/1.')) {
      ctx.serverIs('src');
      const server = header('Server');
      if (server) ctx.identity('src', 'server', server.slice(0, 200));
      return;
    }
    const method = METHODS.exec(first);
    if (!method) return; // body bytes of a longer message
    ctx.serverIs('dst');
    const verb = method[1] as string;
    ctx.operation(verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS' ? 'read' : 'write', verb.toLowerCase());
    const agent = header('User-Agent');
    if (agent) ctx.identity('src', 'userAgent', agent.slice(0, 200));
  },
};
