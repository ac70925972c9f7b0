/**
 * One running reference node: host + control channel, and its SIM_READY description.
 * Used by main.ts and, in-process, by the sim's own tests.
 */
import { AdminServer } from './admin';
import { differences, guess, useVariant } from './guesses';
import { Host } from './host';
import type { SimOptions } from './options';
import type { CreateSurfaces } from './surfaces/types';

export interface SimReady {
  baseUrl: string;
  rpcUrl: string;
  wsUrl: string;
  adminUrl: string;
  adminToken: string;
  hostname: string;
  version: string;
  dataDir: string;
  pid: number;
  tls: boolean;
  caSha256: string | null;
  caCertPath: string | null;
  timeScale: number;
  faults: string[];
  portBase: number;
  ports: Record<string, number>;
  /** The variant this node is (sim/guesses/): its spec, seed, every choice and those that differ from default. */
  variant: { spec: string; seed: string; choices: Record<string, string>; differs: string[] };
}

export class NodeSim {
  readonly host: Host;
  private readonly admin: AdminServer;

  constructor(
    readonly opts: SimOptions,
    createSurfaces: CreateSurfaces,
    echo: ((line: string) => void) | null = null,
    processStartedAt = Date.now(),
  ) {
    useVariant(opts.variant);
    this.host = new Host(opts, createSurfaces, echo, processStartedAt);
    this.admin = new AdminServer(this.host, opts.adminToken);
  }

  async start(): Promise<SimReady> {
    await this.host.start();
    // The control channel stays on loopback even where the node serves every address (--own-netns).
    await this.admin.listen(this.opts.host === '0.0.0.0' ? '127.0.0.1' : this.opts.host, this.opts.adminPort);
    return this.ready();
  }

  ready(): SimReady {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    const scheme = this.host.tls ? 'https' : 'http';
    const baseUrl = `${scheme}://${h}:${this.host.mainPort()}`;
    return {
      baseUrl,
      rpcUrl: `${baseUrl}/rpc/v1`,
      wsUrl: `${this.host.tls ? 'wss' : 'ws'}://${h}:${this.host.mainPort()}/ws/db`,
      adminUrl: `http://${this.opts.host === '0.0.0.0' ? '127.0.0.1' : h}:${this.admin.port}`,
      adminToken: this.opts.adminToken,
      hostname: this.opts.hostname,
      version: guess('server-version'),
      dataDir: this.opts.dataDir,
      pid: process.pid,
      tls: Boolean(this.host.tls),
      caSha256: this.host.tls?.caSha256 ?? null,
      caCertPath: this.host.tls?.caCertPath ?? null,
      timeScale: this.opts.timeScale,
      faults: this.host.faults.list(),
      portBase: this.host.portBase,
      ports: this.host.directPorts(),
      variant: {
        spec: this.opts.variant.spec,
        seed: this.opts.variant.seed,
        choices: { ...this.opts.variant.choices },
        differs: differences(this.opts.variant),
      },
    };
  }

  async stop(): Promise<void> {
    await this.admin.close();
    await this.host.stop();
  }
}
