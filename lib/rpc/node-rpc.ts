/**
 * What lib/ asks of a node's RPC: RpcClient (./client.ts) is one; unit tests give a fake with the
 * generic `call` only, which then speaks the fallback version's method names.
 */
import { rpcMethodsFor, type RpcMethodKey, type RpcMethodTable } from './methods';

export interface NodeRpc {
  /** Any method by name; returns the raw `result` (re-logs in on an expired session, throws on errors). */
  call(method: string, params?: unknown): Promise<unknown>;
  /** The method table of the node's archy version (./methods.ts); absent = the fallback version's. */
  methodTable?(): Promise<RpcMethodTable>;
}

/** The node's method table (the fallback version's for an RPC that does not say). */
export function methodsOf(rpc: NodeRpc): Promise<RpcMethodTable> {
  return rpc.methodTable ? rpc.methodTable() : Promise.resolve(rpcMethodsFor(undefined).methods);
}

/**
 * `key`'s method on this node, its result as the node sent it: for callers that judge the shape
 * themselves (a container-list the cells read through lib/probes/container-list.ts, a get-state a
 * precondition reads), so a schema fault turns the cell that checks it red, not every caller.
 */
export async function callAsSent(rpc: NodeRpc, key: RpcMethodKey, params: unknown = {}): Promise<unknown> {
  const methods = await methodsOf(rpc);
  return rpc.call(methods[key].name, params);
}

/** The name of `key`'s method on this node (for reports: `rpc package.stop`, a node-op of that name). */
export async function methodName(rpc: NodeRpc, key: RpcMethodKey): Promise<string> {
  return (await methodsOf(rpc))[key].name;
}
