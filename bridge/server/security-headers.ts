import type { ServerResponse } from 'node:http';

/**
 * The app's CSP. connect-src allows ws:/wss: for the tunnel; frame-src blob: is for the
 * sandboxed message iframe (DESIGN.md invariant 7); frame-ancestors 'none' stops clickjacking.
 *
 * img-src also allows http: and https: for the reader's "Show remote content": the message
 * frame is a srcdoc document, and Chromium applies the parent's CSP to it as well as the
 * frame's own meta CSP, so without these a remote image stays blocked after the user asked
 * for it (checked in Chromium 150). The frame's meta CSP (web/src/lib/reader/frame-document.ts)
 * remains the gate: it allows remote images only after the user asks. The app itself renders
 * no untrusted markup in its own document, so this widens nothing that message HTML can reach.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  'frame-src blob:',
  "img-src 'self' data: blob: http: https:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Sent only over TLS the bridge terminates itself (RFC 6797 §7.2: never over plain http). Behind a proxy, the proxy sends its own. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

export function applySecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if ((response.req?.socket as { encrypted?: boolean } | undefined)?.encrypted === true) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
}

/** Sends a small body with security headers; every non-static response goes through here. */
export function sendText(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  applySecurityHeaders(response);
  const bytes = Buffer.from(body, 'utf8');
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store', ...headers });
  response.end(response.req.method === 'HEAD' ? undefined : bytes);
}
