/** Does a TCP port accept a connection? Bounded by a timeout; never sends a byte. */
import net from 'node:net';

export type PortState = 'open' | 'closed' | 'no-answer';

export function tcpPortState(host: string, port: number, timeoutMs: number): Promise<PortState> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (state: PortState): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => done('no-answer'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', () => done('closed'));
  });
}
