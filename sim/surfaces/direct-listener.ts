/**
 * One direct app port that opens and closes with its app. Closed means closed: the listening
 * socket is gone (connection refused) and every open connection is destroyed.
 */
import type { Server, Socket } from 'node:net';

export class DirectListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private opening: Promise<void> | null = null;
  private lastFailure: { at: number; message: string } | null = null;

  /** After a failed listen (port taken), wait this long before trying again. */
  static retryAfterMs = 2_000;

  constructor(
    readonly name: string,
    private readonly host: string,
    readonly port: number,
    private readonly makeServer: () => Server,
    private readonly log: (line: string) => void,
  ) {}

  get listening(): boolean {
    return this.server !== null && this.server.listening;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  async open(): Promise<void> {
    if (this.server) return this.opening ?? undefined;
    if (this.lastFailure && Date.now() - this.lastFailure.at < DirectListener.retryAfterMs) return;
    const server = this.makeServer();
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // a reset from a client must never reach the process as an unhandled error
      socket.on('error', () => socket.destroy());
    });
    this.opening = new Promise<void>((resolve) => {
      const onError = (error: Error) => {
        // log a failure once, not on every retry
        if (this.lastFailure?.message !== error.message)
          this.log(`surfaces: ${this.name} could not listen on ${this.host}:${this.port}: ${error.message}`);
        this.lastFailure = { at: Date.now(), message: error.message };
        if (this.server === server) this.server = null;
        resolve();
      };
      server.once('error', onError);
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => {
        server.off('error', onError);
        this.lastFailure = null;
        server.on('error', (error) => this.log(`surfaces: ${this.name} error: ${error.message}`));
        this.log(`surfaces: ${this.name} listening on ${this.host}:${this.port}`);
        resolve();
      });
    });
    await this.opening;
    this.opening = null;
  }

  async close(): Promise<void> {
    if (this.opening) await this.opening;
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
    this.log(`surfaces: ${this.name} closed (port ${this.port})`);
  }
}
