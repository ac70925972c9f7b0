/**
 * `/ws/db`: cookie-authenticated websocket; sends the dump `{rev, data}`, then `{rev, patch}` on
 * every change (archy-surface §6).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StatePublisher } from './state-publisher';

export class WsDb {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly unsubscribe: () => void;

  constructor(
    private readonly publisher: StatePublisher,
    private readonly partitioned: () => boolean,
  ) {
    this.unsubscribe = publisher.subscribe((rev, patch) => {
      if (this.partitioned()) return;
      const text = JSON.stringify({ rev, patch });
      for (const ws of this.wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    });
  }

  /** Upgrades an authenticated request; refuses others with 401. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, authenticated: boolean): void {
    if (!authenticated) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":401,"message":"Unauthorized"}}',
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
      ws.on('message', () => {
        /* the client has nothing to say; patches flow one way */
      });
      const { rev, data } = this.publisher.snapshot();
      ws.send(JSON.stringify({ rev, data }));
    });
  }

  /** Graceful: close frames; kill -9: drop the sockets. */
  close(hard: boolean): void {
    this.unsubscribe();
    for (const ws of this.wss.clients) {
      if (hard) ws.terminate();
      else ws.close(1012, 'daemon restarting');
    }
    this.wss.close();
  }
}
