/**
 * A tiny archy RPC endpoint for the RPC client's unit tests (the full reference node is sim/).
 * Just the rules the client must handle: cookies from auth.login, 401 without a session,
 * 403 without a matching X-CSRF-Token on mutating methods, 429, handler errors, odd results.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FakeCall {
  method: string;
  status: number;
  cookie: string;
  csrfHeader: string | undefined;
  body: string;
}

export interface FakeNode {
  baseUrl: string;
  password: string;
  calls: FakeCall[];
  /** Forget every session: the next protected call answers 401. */
  expireSessions(): void;
  /** Answer the next N calls of a method with this HTTP status. */
  failNext(method: string, status: number, times?: number): void;
  /** Replace a method's result. */
  setResult(method: string, result: unknown): void;
  close(): Promise<void>;
}

const MUTATING = /^package\./;
const UNAUTHENTICATED = new Set(['health', 'auth.login']);

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = v.join('=');
  }
  return out;
}

export async function startFakeNode(password = 'fake-node-password'): Promise<FakeNode> {
  const sessions = new Map<string, string>(); // session → csrf
  const calls: FakeCall[] = [];
  const failures = new Map<string, { status: number; times: number }>();
  const results = new Map<string, unknown>([
    ['health', 'ok'],
    ['system.get-hostname', 'fake-node'],
    [
      'server.get-state',
      {
        rev: 7,
        data: {
          'server-info': { version: '1.9.0-fake', name: 'Fake' },
          'package-data': { filebrowser: { state: 'running', health: 'healthy' } },
          ui: {},
        },
      },
    ],
    ['package.stop', null],
  ]);

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.url !== '/rpc/v1' || req.method !== 'POST')
        return send(404, { error: { code: 404, message: 'Not found' } });
      const { method, params, id } = JSON.parse(raw) as {
        method: string;
        params?: Record<string, unknown>;
        id?: number;
      };
      const jar = cookies(req);
      const csrfHeader = req.headers['x-csrf-token'] as string | undefined;
      const record = (status: number) =>
        calls.push({ method, status, cookie: req.headers.cookie ?? '', csrfHeader, body: raw });

      const failure = failures.get(method);
      if (failure && failure.times > 0) {
        failure.times--;
        record(failure.status);
        return send(failure.status, { error: { code: failure.status, message: 'forced failure' } });
      }
      if (method === 'auth.login') {
        if (params?.password !== password) {
          record(200);
          return send(200, {
            jsonrpc: '2.0',
            id,
            result: null,
            error: { code: -32603, message: 'Password Incorrect' },
          });
        }
        const session = randomBytes(16).toString('hex');
        const csrf = randomBytes(16).toString('hex');
        sessions.set(session, csrf);
        record(200);
        return send(
          200,
          { jsonrpc: '2.0', id, result: null, error: null },
          {
            'Set-Cookie': [
              `session=${session}; HttpOnly; SameSite=Strict; Path=/`,
              `csrf_token=${csrf}; SameSite=Strict; Path=/`,
              `remember=${randomBytes(16).toString('hex')}; HttpOnly; Path=/`,
            ],
          },
        );
      }
      if (!UNAUTHENTICATED.has(method)) {
        const csrf = jar.session ? sessions.get(jar.session) : undefined;
        if (csrf === undefined) {
          record(401);
          return send(401, { error: { code: 401, message: 'Unauthorized' } });
        }
        if (MUTATING.test(method) && csrfHeader !== csrf) {
          record(403);
          return send(403, { error: { code: 403, message: 'CSRF token mismatch' } });
        }
      }
      if (method === 'package.install') {
        record(200);
        return send(200, { jsonrpc: '2.0', id, result: { package_id: params?.id, status: 'installing' }, error: null });
      }
      if (!results.has(method)) {
        record(200);
        return send(200, {
          jsonrpc: '2.0',
          id,
          result: null,
          error: { code: -32601, message: `Method not found: ${method}` },
        });
      }
      record(200);
      return send(200, { jsonrpc: '2.0', id, result: results.get(method), error: null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    password,
    calls,
    expireSessions: () => sessions.clear(),
    failNext: (method, status, times = 1) => failures.set(method, { status, times }),
    setResult: (method, result) => results.set(method, result),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
