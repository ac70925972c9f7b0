'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by the container's node, outside the TypeScript build */
/**
 * The main process of archipelago.service in the node container: the daemon. It attaches to the
 * node's host half (the sim started with --daemon-socket, archy-node-host.service), which runs the
 * daemon's API for exactly as long as this process lives, and prints the daemon's log lines to
 * stdout (so they land in this unit's journal). SIGTERM (`systemctl stop|restart`) detaches
 * cleanly; SIGKILL (`systemctl kill --signal=SIGKILL`) just ends it, and the host sees the daemon die.
 *
 *   node daemon.cjs --config <file> --state-db <file>   (ARCHY_DAEMON_SOCKET: the host's socket)
 */
const net = require('node:net');

const socketPath = process.env.ARCHY_DAEMON_SOCKET || '/run/archy-node/daemon.sock';
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
let stopping = false;
let buffered = '';

const sock = net.connect(socketPath);
sock.setEncoding('utf8');
sock.on('connect', () => {
  process.stdout.write(
    `archipelago: started (pid ${process.pid}, config ${arg('--config') || '-'}, state db ${arg('--state-db') || '-'})\n`,
  );
});
sock.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() || '';
  for (const line of lines) {
    if (line.startsWith('L ')) process.stdout.write(`${line.slice(2)}\n`);
    else if (line.startsWith('E ')) {
      process.stderr.write(`archipelago: ${line.slice(2)}\n`);
      process.exit(1);
    } else if (line === 'S') process.exit(0);
  }
});
sock.on('error', (error) => {
  process.stderr.write(`archipelago: cannot reach the host at ${socketPath}: ${error.message}\n`);
  process.exit(1);
});
sock.on('close', () => {
  if (!stopping) process.stderr.write('archipelago: the host went away\n');
  process.exit(stopping ? 0 : 1);
});
process.on('SIGTERM', () => {
  stopping = true;
  process.stdout.write('archipelago: SIGTERM: shutting down\n');
  sock.write('stop\n');
  setTimeout(() => process.exit(0), 5000).unref();
});
