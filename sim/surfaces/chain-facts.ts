/**
 * Values the app surfaces derive from the daemon's live chain: the 80-byte block header an
 * Electrum server reports, LND's network name, stable identities (node pubkey) per sim.
 */
import { createHash } from 'node:crypto';
import type { ChainInfo } from './types';

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** A stand-in hash for a block height, stable across calls (internal byte order). */
function hashForHeight(height: number, bestblockhash: string): Buffer {
  return sha256(sha256(`archy-sim block ${height} ${bestblockhash}`));
}

/** Compact difficulty target ("bits") of roughly the given difficulty. */
export function bitsForDifficulty(difficulty: number): number {
  // difficulty = 0xffff * 256^(0x1d-3) / target → mantissa/exponent form of the target
  const d = difficulty > 1 ? difficulty : 1;
  const target = (0xffff * Math.pow(256, 0x1d - 3)) / d;
  let exponent = Math.ceil(Math.log(target) / Math.log(256));
  let mantissa = Math.floor(target / Math.pow(256, exponent - 3));
  while (mantissa > 0x7fffff) {
    mantissa = Math.floor(mantissa / 256);
    exponent += 1;
  }
  return ((exponent & 0xff) << 24) | (mantissa & 0xffffff);
}

/**
 * The header of the tip as 160 hex chars (version, previous hash, merkle root, time, bits,
 * nonce). The sim has no real blocks, so hashes are derived from the height; the layout is Bitcoin's.
 */
export function tipHeaderHex(chain: ChainInfo): string {
  const header = Buffer.alloc(80);
  header.writeInt32LE(0x20000000, 0);
  hashForHeight(chain.blocks - 1, chain.bestblockhash).copy(header, 4);
  sha256(`merkle ${chain.blocks} ${chain.bestblockhash}`).copy(header, 36);
  header.writeUInt32LE(Math.max(0, Math.floor(chain.mediantime + 600)) >>> 0, 68);
  header.writeUInt32LE(bitsForDifficulty(chain.difficulty) >>> 0, 72);
  header.writeUInt32LE(chain.blocks >>> 0, 76);
  return header.toString('hex');
}

/** LND's network name for bitcoind's chain name. */
export function lndNetwork(chain: string): string {
  switch (chain) {
    case 'main':
      return 'mainnet';
    case 'test':
      return 'testnet';
    case 'testnet4':
      return 'testnet4';
    default:
      return chain; // regtest, signet
  }
}

/** A compressed secp256k1-looking public key (66 hex) stable for a seed. */
export function stablePubkey(seed: string): string {
  const digest = sha256(`archy-sim node key ${seed}`).toString('hex');
  return (digest.charCodeAt(0) % 2 === 0 ? '02' : '03') + digest;
}
