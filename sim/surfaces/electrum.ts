/**
 * ElectrumX's client protocol on the `electrum` port: newline-delimited JSON-RPC 2.0 over plain TCP.
 * Garbage gets a JSON-RPC error and the connection stays up; a line longer than the limit is answered
 * with an error and the connection closed (as ElectrumX does); nothing a client sends crashes the node.
 * Header subscribers get a notification when the tip moves (`notifyTip`).
 */
import net from 'node:net';
import type { Socket } from 'node:net';
import type { SurfaceContext } from './types';
import type { PartitionGate } from './partition-gate';
import { tipHeaderHex } from './chain-facts';
import { guess } from '../guesses';

/** The Electrum protocol version ElectrumX 1.16+ speaks (its own documentation). */
const PROTOCOL = '1.4';

export const ELECTRUM_LIMITS = {
  maxLineBytes: 1_000_000,
  idleTimeoutMs: 600_000, // ElectrumX's default session timeout
  maxConnections: 1_000,
  maxBatch: 100,
};

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
const BAD_REQUEST = 1; // ElectrumX's application error code

type Reply =
  | { jsonrpc: '2.0'; id: unknown; result: unknown }
  | { jsonrpc: '2.0'; id: unknown; error: { code: number; message: string } };

interface Session {
  socket: Socket;
  subscribedHeaders: boolean;
  lastNotifiedHeight: number;
}

function error(id: unknown, code: number, message: string): Reply {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function protocolSupported(version: unknown): boolean {
  // clients send "1.4" or ["1.4", "1.4.2"]-style ranges; the sim speaks 1.4
  const wanted = Array.isArray(version) ? version : [version ?? PROTOCOL];
  const [min, max = min] = wanted.map((v) => (typeof v === 'string' ? Number.parseFloat(v) : Number.NaN));
  const ours = Number.parseFloat(PROTOCOL);
  return Number.isFinite(min) && Number.isFinite(max) && min <= ours && ours <= max;
}

export class ElectrumServer {
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly ctx: SurfaceContext,
    private readonly gate: PartitionGate,
  ) {}

  header(): { height: number; hex: string } {
    const chain = this.ctx.chain();
    return { height: chain.blocks, hex: tipHeaderHex(chain) };
  }

  /** A fresh TCP server speaking the protocol (the DirectListener opens and closes it). */
  createServer(): net.Server {
    const server = net.createServer((socket) => this.accept(socket));
    server.maxConnections = ELECTRUM_LIMITS.maxConnections;
    return server;
  }

  /** Tell header subscribers about a new tip (called on every surfaces tick). */
  notifyTip(): void {
    if (this.sessions.size === 0 || this.ctx.partitioned()) return;
    const header = this.header();
    for (const session of this.sessions) {
      if (!session.subscribedHeaders || session.lastNotifiedHeight === header.height) continue;
      session.lastNotifiedHeight = header.height;
      this.write(session, { jsonrpc: '2.0', method: 'blockchain.headers.subscribe', params: [header] });
    }
  }

  private accept(socket: Socket): void {
    if (this.ctx.faultOn('electrum-down')) {
      socket.destroy(); // guess electrum-down=accept-then-close: something still listens, nothing answers
      return;
    }
    const session: Session = { socket, subscribedHeaders: false, lastNotifiedHeight: -1 };
    this.sessions.add(session);
    socket.setNoDelay(true);
    socket.setTimeout(ELECTRUM_LIMITS.idleTimeoutMs, () => socket.destroy());
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line.length > ELECTRUM_LIMITS.maxLineBytes) return this.refuseOversized(session);
        if (line.trim() !== '')
          this.gate.whenOpen(
            () => this.answerLine(session, line),
            () => socket.destroyed,
          );
        newline = buffer.indexOf('\n');
      }
      // an unfinished line longer than the limit will never be answered: say so and hang up
      if (buffer.length > ELECTRUM_LIMITS.maxLineBytes) this.refuseOversized(session);
    });
  }

  private refuseOversized(session: Session): void {
    const { socket } = session;
    socket.pause();
    socket.removeAllListeners('data');
    this.gate.whenOpen(
      () => {
        this.write(
          session,
          error(null, INVALID_REQUEST, `request too large (over ${ELECTRUM_LIMITS.maxLineBytes} bytes)`),
        );
        socket.end();
        setTimeout(() => socket.destroy(), 1_000).unref(); // a client that never closes its side
      },
      () => socket.destroyed,
    );
  }

  private answerLine(session: Session, line: string): void {
    try {
      this.answerParsedLine(session, line);
    } catch (failure) {
      // the node's own state failed us: an internal error, the session lives on
      this.write(session, error(null, INTERNAL_ERROR, `internal error: ${(failure as Error).message}`));
    }
  }

  private answerParsedLine(session: Session, line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.write(session, error(null, PARSE_ERROR, 'invalid JSON'));
      return;
    }
    if (Array.isArray(message)) {
      if (message.length === 0 || message.length > ELECTRUM_LIMITS.maxBatch) {
        this.write(session, error(null, INVALID_REQUEST, message.length === 0 ? 'empty batch' : 'batch too large'));
        return;
      }
      const replies = message.map((m) => this.answer(session, m)).filter((r): r is Reply => r !== null);
      if (replies.length > 0) this.write(session, replies);
      return;
    }
    const reply = this.answer(session, message);
    if (reply) this.write(session, reply);
  }

  /** One request → its reply (null for a notification, i.e. no id). */
  private answer(session: Session, message: unknown): Reply | null {
    if (!message || typeof message !== 'object') return error(null, INVALID_REQUEST, 'request must be an object');
    const { id, method, params = [] } = message as { id?: unknown; method?: unknown; params?: unknown };
    const replyId = id ?? null;
    if (typeof method !== 'string') return error(replyId, INVALID_REQUEST, 'missing method');
    if (!Array.isArray(params) && (typeof params !== 'object' || params === null)) {
      return error(replyId, INVALID_PARAMS, 'params must be an array or object');
    }
    const args = Array.isArray(params) ? params : Object.values(params as Record<string, unknown>);
    const outcome = this.call(session, method, args);
    if (id === undefined) return null;
    return 'result' in outcome
      ? { jsonrpc: '2.0', id: replyId, result: outcome.result }
      : error(replyId, outcome.code, outcome.message);
  }

  private call(
    session: Session,
    method: string,
    args: unknown[],
  ): { result: unknown } | { code: number; message: string } {
    switch (method) {
      case 'server.version':
        if (!protocolSupported(args[1]))
          return { code: BAD_REQUEST, message: `unsupported protocol version: ${JSON.stringify(args[1])}` };
        return { result: [guess('app-versions').electrumxVersion, PROTOCOL] };
      case 'server.banner':
        return { result: `Welcome to ${guess('app-versions').electrumxVersion} on an Archipelago node` };
      case 'server.ping':
        return { result: null };
      case 'server.donation_address':
        return { result: '' };
      case 'server.features':
        return {
          result: {
            hosts: {},
            pruning: null,
            server_version: guess('app-versions').electrumxVersion,
            protocol_min: PROTOCOL,
            protocol_max: PROTOCOL,
            genesis_hash: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
            hash_function: 'sha256',
          },
        };
      case 'blockchain.headers.subscribe': {
        const header = this.header();
        session.subscribedHeaders = true;
        session.lastNotifiedHeight = header.height;
        return { result: header };
      }
      case 'blockchain.estimatefee': {
        const blocks = args[0];
        if (typeof blocks !== 'number' || !Number.isInteger(blocks) || blocks < 1) {
          return { code: BAD_REQUEST, message: `bad number of blocks: ${JSON.stringify(blocks)}` };
        }
        // made-up data: a plausible BTC/kB estimate that falls as the target widens
        return { result: Number(Math.max(0.00001, 0.0002 / blocks).toFixed(8)) };
      }
      case 'blockchain.relayfee':
        return { result: 0.00001 };
      default:
        return { code: METHOD_NOT_FOUND, message: `unknown method "${method}"` };
    }
  }

  private write(session: Session, payload: unknown): void {
    const { socket } = session;
    if (socket.destroyed || !socket.writable) return;
    const flushed = socket.write(`${JSON.stringify(payload)}\n`);
    // a client that sends but does not read: stop reading its requests until it catches up
    if (!flushed && !socket.isPaused()) {
      socket.pause();
      socket.once('drain', () => {
        if (!socket.destroyed) socket.resume();
      });
    }
  }
}
