import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { BridgeError } from '../../errors/index.ts';
import { requestPath } from '../request-path.ts';
import { sendText } from '../security-headers.ts';

interface MetricsServer {
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on a listener of its own (config `metrics`), so that the public port never
 * serves it and a firewall or the default loopback address keeps it for the scraper. Plain
 * http: Prometheus scrapes it from the same host or a private network. Slow or idle
 * sockets are closed after 10 s.
 */
export async function startMetricsServer(registry: Registry, listen: { host: string; port: number }): Promise<MetricsServer> {
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 10_000 }, (request: IncomingMessage, response: ServerResponse) => {
    if (requestPath(request.url) !== '/metrics') return sendText(response, 404, 'text/plain; charset=utf-8', 'Not Found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    registry.metrics().then(
      (text) => sendText(response, 200, registry.contentType, text),
      (error: unknown) => sendText(response, 500, 'text/plain; charset=utf-8', `${(error as Error)?.message ?? 'metrics failed'}\n`),
    );
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new BridgeError('BRIDGE_ERR_LISTEN', `cannot listen for metrics on ${listen.host}:${listen.port}: ${error.message}`, { cause: error })));
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
