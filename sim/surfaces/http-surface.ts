/**
 * HTTP(S) servers for the direct app ports: TLS when the node has it, timeouts that keep slow or
 * idle clients from pinning sockets, and the partition gate in front of every request.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PartitionGate } from './partition-gate';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Limits against slow or greedy clients (slowloris, idle keep-alive, oversized bodies). */
export const HTTP_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxBodyBytes: 1_000_000,
  maxConnections: 1_000,
  /** How often Node checks the two timeouts above (its default, 30 s, lets slow clients linger). */
  connectionsCheckingIntervalMs: 1_000,
};

export function createHttpSurface(
  handler: RequestHandler,
  gate: PartitionGate,
  tls?: { key: string; cert: string },
): http.Server {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    gate.whenOpen(
      () => {
        Promise.resolve()
          .then(() => handler(req, res))
          .catch((error: unknown) => {
            if (!res.headersSent) {
              res.writeHead(500, { 'Content-Type': 'text/plain' });
              res.end(`internal error: ${(error as Error).message}`);
            } else res.destroy();
          });
      },
      () => req.socket.destroyed,
    );
  };
  const options: http.ServerOptions = {
    headersTimeout: HTTP_LIMITS.headersTimeoutMs,
    requestTimeout: HTTP_LIMITS.requestTimeoutMs,
    keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
    connectionsCheckingInterval: HTTP_LIMITS.connectionsCheckingIntervalMs,
  };
  const server = tls
    ? https.createServer({ ...options, key: tls.key, cert: tls.cert }, onRequest)
    : http.createServer(options, onRequest);
  server.maxConnections = HTTP_LIMITS.maxConnections;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

export class BodyTooLarge extends Error {}

/** Reads a request body up to HTTP_LIMITS.maxBodyBytes (then throws BodyTooLarge). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HTTP_LIMITS.maxBodyBytes) {
        reject(new BodyTooLarge(`body larger than ${HTTP_LIMITS.maxBodyBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
