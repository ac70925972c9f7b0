/**
 * The node's RPC methods, keyed by archy version: for each method the suite calls, the name the
 * node answers to and the schema of its result (./schemas.ts). Every call to a node goes through a
 * key of this table (RpcClient's typed methods, or ./node-rpc.ts callAsSent), never a method name
 * spelled at the call site. A version that renames a method or reshapes a result is one entry here:
 * spread the previous version's table and override what differs. Versions are parsed and picked by
 * config/archy-version.ts, as the dashboard's selectors are.
 */
import type { z } from 'zod';
import { pickVersion } from '../../config/archy-version';
import {
  bitcoinGetinfoSchema,
  containerListSchema,
  getStateSchema,
  healthResultSchema,
  hostnameResultSchema,
  installResultSchema,
  lifecycleResultSchema,
  loginResultSchema,
} from './schemas';

export interface RpcMethod<S extends z.ZodType = z.ZodType> {
  /** The JSON-RPC method name the node answers to. */
  name: string;
  /** Its result, as the suite reads it. */
  result: S;
}

const V1_9 = {
  health: { name: 'health', result: healthResultSchema },
  login: { name: 'auth.login', result: loginResultSchema },
  logout: { name: 'auth.logout', result: lifecycleResultSchema },
  /** Also where a node's version is read (server-info.version): every version keeps its name. */
  getState: { name: 'server.get-state', result: getStateSchema },
  hostname: { name: 'system.get-hostname', result: hostnameResultSchema },
  containerList: { name: 'container-list', result: containerListSchema },
  bitcoinGetinfo: { name: 'bitcoin.getinfo', result: bitcoinGetinfoSchema },
  install: { name: 'package.install', result: installResultSchema },
  start: { name: 'package.start', result: lifecycleResultSchema },
  stop: { name: 'package.stop', result: lifecycleResultSchema },
  restart: { name: 'package.restart', result: lifecycleResultSchema },
  uninstall: { name: 'package.uninstall', result: lifecycleResultSchema },
} as const satisfies Record<string, RpcMethod>;

/** The methods the suite calls, by what they do. */
export type RpcMethodKey = keyof typeof V1_9;
/** One version's table: every key, with a result schema of the same output type as 1.9's. */
export type RpcMethodTable = { readonly [K in RpcMethodKey]: RpcMethod<(typeof V1_9)[K]['result']> };

/** Known versions, newest last. */
export const RPC_METHODS: Readonly<Record<string, RpcMethodTable>> = {
  '1.9': V1_9,
};

/** The table for a node's version (config/archy-version.ts pickVersion); `chosen` names the entry used. */
export function rpcMethodsFor(version: string | undefined | null): { methods: RpcMethodTable; chosen: string } {
  const { value, chosen } = pickVersion(RPC_METHODS, version);
  return { methods: value, chosen };
}

/** Does the table differ between versions at all? Only then is a node's version worth asking. */
export const RPC_METHODS_VARY = Object.keys(RPC_METHODS).length > 1;
