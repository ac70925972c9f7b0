/**
 * The wire under lib/security/crafted-rpc.ts: one POST through the suite's one client (lib/http/client.ts),
 * with exactly the headers given — Host and Cookie included, which fetch() would not let a caller set —
 * and no cookie jar, redirect following or retry. Each request gets a connection of its own, closed
 * after the answer, as a fresh client's would be; over https it verifies the node's pinned CA, and a
 * changed identity fails the request before a byte of it is sent. Not traced by Playwright: the
 * crafted requests show in a test as its steps (their titles name what was sent, never a secret value).
 */
import { IdentityChangedError } from '../http/pin';
import { nodeRequest, NodeRequestTimeout, type NodeAnswer, type NodeTarget } from '../http/client';

export type WireAnswer = NodeAnswer;

export interface WireOptions {
  timeoutMs: number;
  /** The node and its trust root (lib/http/client.ts targetFor). */
  target: NodeTarget;
}

export class WireError extends Error {
  override name = 'WireError';
}

function codeOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  return String(e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? error);
}

export async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: WireOptions,
): Promise<WireAnswer> {
  try {
    return await nodeRequest(options.target, url, {
      method: 'POST',
      headers,
      body,
      timeoutMs: options.timeoutMs,
      fresh: true,
    });
  } catch (error) {
    if (error instanceof IdentityChangedError) throw error; // the stop, as it is
    if (error instanceof NodeRequestTimeout)
      throw new WireError(`POST ${url}: no answer within ${options.timeoutMs} ms`);
    throw new WireError(`POST ${url}: ${codeOf(error)}`);
  }
}
