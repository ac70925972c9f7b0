/**
 * Bitcoin JSON-RPC 1.0 on the `bitcoin-rpc` port, as bitcoind answers it: HTTP basic auth
 * (401 with an empty body otherwise), POST only, `{result, error, id}`, batches, bitcoind's
 * HTTP statuses for errors (404 unknown method, 500 parse error).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SurfaceContext } from './types';
import { BodyTooLarge, readBody } from './http-surface';
import { guess } from '../guesses';

interface RpcReply {
  result: unknown;
  error: { code: number; message: string } | null;
  id: unknown;
}

const RPC_METHOD_NOT_FOUND = -32601;
const RPC_PARSE_ERROR = -32700;
const RPC_INVALID_REQUEST = -32600;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Does the request carry the node's basic-auth credentials? */
export function basicAuthOk(header: string | undefined, expected: { user: string; password: string }): boolean {
  if (!header || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), expected.user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), expected.password);
  return userOk && passwordOk;
}

export function createBitcoinRpcHandler(ctx: SurfaceContext, openedAt: () => number) {
  const call = (method: unknown): { result: unknown } | { code: number; message: string } => {
    const chain = ctx.chain();
    const knots = ctx.bitcoinNode() === 'bitcoin-knots';
    switch (method) {
      case 'getblockchaininfo':
        return {
          result: {
            chain: chain.chain,
            blocks: chain.blocks,
            headers: chain.headers,
            bestblockhash: chain.bestblockhash,
            difficulty: chain.difficulty,
            time: chain.mediantime + 600,
            mediantime: chain.mediantime,
            verificationprogress: chain.verificationprogress,
            initialblockdownload: chain.verificationprogress < 0.9999,
            chainwork: chain.blocks.toString(16).padStart(64, '0'),
            size_on_disk: chain.size_on_disk,
            pruned: chain.pruned,
            warnings: [],
          },
        };
      case 'getblockcount':
        return { result: chain.blocks };
      case 'getbestblockhash':
        return { result: chain.bestblockhash };
      case 'getnetworkinfo':
        return {
          result: {
            version: guess('app-versions').bitcoinVersion,
            subversion: knots
              ? guess('app-versions').bitcoinKnotsSubversion
              : guess('app-versions').bitcoinCoreSubversion,
            protocolversion: 70016,
            localservices: '0000000000000c09',
            localservicesnames: ['NETWORK', 'WITNESS', 'NETWORK_LIMITED', 'P2P_V2'],
            localrelay: true,
            timeoffset: 0,
            networkactive: true,
            connections: 10,
            connections_in: 0,
            connections_out: 10,
            networks: [],
            relayfee: 0.00001,
            incrementalfee: 0.00001,
            localaddresses: [],
            warnings: [],
          },
        };
      case 'uptime':
        return { result: Math.floor((Date.now() - openedAt()) / 1000) };
      default:
        return { code: RPC_METHOD_NOT_FOUND, message: 'Method not found' };
    }
  };

  const answerOne = (request: unknown): { reply: RpcReply; status: number } => {
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      return {
        reply: { result: null, error: { code: RPC_INVALID_REQUEST, message: 'Invalid Request object' }, id: null },
        status: 400,
      };
    }
    const { method, id = null } = request as { method?: unknown; id?: unknown };
    if (typeof method !== 'string') {
      return {
        reply: { result: null, error: { code: RPC_INVALID_REQUEST, message: 'Method must be a string' }, id },
        status: 400,
      };
    }
    const outcome = call(method);
    if ('result' in outcome) return { reply: { result: outcome.result, error: null, id }, status: 200 };
    return { reply: { result: null, error: outcome, id }, status: outcome.code === RPC_METHOD_NOT_FOUND ? 404 : 500 };
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!basicAuthOk(req.headers.authorization, ctx.bitcoinRpcAuth())) {
      // bitcoind: 401, an empty body and a Basic challenge
      res.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="jsonrpc"',
        'Content-Type': 'text/html; charset=ISO-8859-1',
        'Content-Length': 0,
      });
      res.end();
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      const text = 'JSONRPC server handles only POST requests';
      res.writeHead(405, { 'Content-Type': 'text/html; charset=ISO-8859-1', 'Content-Length': text.length });
      res.end(text);
      req.resume();
      return;
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      const status = error instanceof BodyTooLarge ? 413 : 400;
      res.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end((error as Error).message);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      send(res, 500, { result: null, error: { code: RPC_PARSE_ERROR, message: 'Parse error' }, id: null });
      return;
    }
    if (Array.isArray(parsed)) {
      send(
        res,
        200,
        parsed.map((r) => answerOne(r).reply),
      );
      return;
    }
    const { reply, status } = answerOne(parsed);
    send(res, status, reply);
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
