// A one-port inetd for servers that speak on stdin/stdout (popa3d): listens on HOST:PORT
// and runs COMMAND ARGS… once per connection, with the connection as its stdin and stdout,
// exactly as inetd's "nowait" mode does. Plain Node ESM, because it runs inside the
// server's private mount namespace (private-mount-namespace.ts), started by a harness.
//
//   node inetd-listener.mjs [--nodelay] HOST PORT COMMAND [ARGS…]
//
// --nodelay sets TCP_NODELAY on each connection, which real inetd does not. Without it a
// server that writes an answer in several pieces (popa3d: status line, then the body) waits
// for the client's delayed ACK, about 40 ms per command on Linux loopback.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const noDelay = argv[0] === '--nodelay';
const [host, port, command, ...args] = noDelay ? argv.slice(1) : argv;
if (!host || !port || !command) {
  console.error('usage: node inetd-listener.mjs HOST PORT COMMAND [ARGS…]');
  process.exit(2);
}

// pauseOnConnect: this process must not read a byte meant for the server.
const server = createServer({ pauseOnConnect: true, noDelay }, (socket) => {
  socket.on('error', () => {});
  try {
    const child = spawn(command, args, { stdio: [socket, socket, 'inherit'] });
    child.on('error', (error) => console.error(`inetd-listener: ${command}: ${error.message}`));
  } finally {
    // The child holds its own copy of the descriptor; ours would keep the connection open
    // after the server exits.
    socket.destroy();
  }
});
server.on('error', (error) => {
  console.error(`inetd-listener: ${error.code ?? ''} ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), host);
