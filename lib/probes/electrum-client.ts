/**
 * A minimal Electrum JSON-RPC client: newline-delimited JSON over TCP (or TLS verified against the
 * node's pinned CA, lib/http/client.ts), every exchange bounded by a timeout. Opens one connection,
 * sends calls in order, closes.
 */
import net from 'node:net';
import tls from 'node:tls';
import { beforeConnect, connectionFailure, tlsOptionsFor, type NodeTarget } from '../http/client';
import { IdentityChangedError } from '../http/pin';

export interface ElectrumCall {
  method: string;
  params: unknown[];
}

export interface ElectrumReply {
  method: string;
  result?: unknown;
  error?: unknown;
}

export interface ElectrumTarget {
  host: string;
  port: number;
  /** Electrum over TLS (port 50002): the node whose trust root the chain must lead to. */
  tls?: NodeTarget;
  timeoutMs: number;
}

export async function electrumCalls(target: ElectrumTarget, calls: ElectrumCall[]): Promise<ElectrumReply[]> {
  if (target.tls) beforeConnect(target.tls);
  return exchange(target, calls).catch(async (error: Error & { cause?: unknown }) => {
    if (!target.tls || !error.cause) throw error;
    const explained = await connectionFailure(target.tls, `https://${target.host}:${target.port}/`, error.cause);
    throw explained instanceof IdentityChangedError ? explained : error;
  });
}

function exchange(target: ElectrumTarget, calls: ElectrumCall[]): Promise<ElectrumReply[]> {
  return new Promise((resolve, reject) => {
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, ...tlsOptionsFor(target.tls) })
      : net.connect({ host: target.host, port: target.port });
    const replies = new Map<number, ElectrumReply>();
    let buffer = '';
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(calls.map((_, i) => replies.get(i + 1) as ElectrumReply));
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`no complete answer within ${target.timeoutMs} ms (${replies.size}/${calls.length} replies)`)),
      target.timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(new Error(`connection failed (${error.code ?? error.message})`, { cause: error })),
    );
    socket.on('close', () => finish(new Error(`connection closed after ${replies.size}/${calls.length} replies`)));
    socket.on(target.tls ? 'secureConnect' : 'connect', () => {
      const lines = calls.map((c, i) =>
        JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: c.method, params: c.params }),
      );
      socket.write(`${lines.join('\n')}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        let message: { id?: unknown; result?: unknown; error?: unknown };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          finish(new Error(`answered a line that is not JSON: ${line.slice(0, 120)}`));
          return;
        }
        if (typeof message.id !== 'number' || message.id < 1 || message.id > calls.length) continue; // notifications
        replies.set(message.id, { method: calls[message.id - 1].method, result: message.result, error: message.error });
        if (replies.size === calls.length) finish(null);
      }
    });
  });
}
