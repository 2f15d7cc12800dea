/** A tiny HTTP server on 127.0.0.1 (random port) that tests script route by route. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Raw request target, exactly as sent (so tests can see `%2B`). */
  rawUrl: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  origin: string;
  requests: SeenRequest[];
  /** Routes by pathname; unknown paths get 404. */
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<LocalServer> {
  const routes = new Map<string, Handler>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? 'GET', rawUrl: req.url ?? '/', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers };
    requests.push(seen);
    const handler = routes.get(seen.url.pathname);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(seen, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves fixed bytes with optional headers. */
export function sendBody(response: ServerResponse, body: string | Uint8Array, headers: Record<string, string> = {}, status = 200): void {
  response.writeHead(status, headers).end(body);
}
