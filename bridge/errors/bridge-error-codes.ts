/**
 * Error codes of the bridge process itself (configuration and startup). Errors on a tunnel
 * use the shared TUNNEL_ERROR_CODES table instead (shared/tunnel/error-codes.ts), because the
 * browser has to read them. docs/BRIDGE.md lists this table too.
 */
import type { ErrorCodeTable } from '../../shared/errors/index.ts';

export const BRIDGE_ERROR_CODES = {
  BRIDGE_ERR_CONFIG: { side: 'local', summary: 'The configuration is not valid; the message names the JSON path and the rule it broke.' },
  BRIDGE_ERR_CONFIG_FILE: { side: 'local', summary: 'The configuration file, or a file it names (TLS certificate or key, CA), could not be read or parsed.' },
  BRIDGE_ERR_LISTEN: { side: 'local', summary: 'The HTTP server could not listen on the configured host and port.' },
  BRIDGE_ERR_STARTUP: { side: 'local', summary: 'Startup failed for another reason (for example the demo POP3 server); the message says which.' },
  BRIDGE_ERR_RELOAD_NEEDS_RESTART: { side: 'local', summary: 'A reload (SIGHUP) was refused because the new config changes a key only a restart applies (listen, metrics, tls on or off, trustProxy, bridgeId, the process-wide caps); the running config stays.' },
  BRIDGE_ERR_TOO_MANY_CONNECTIONS: { side: 'remote', summary: 'A TCP connection was dropped on arrival: the bridge holds limits.maxHttpConnections in total, or maxHttpConnectionsPerIp from that address (logged only; the client sees a reset).' },
} as const satisfies ErrorCodeTable;
