/**
 * A resume token may start with the id of the bridge that issued it: `bridge-2.<secret>`.
 * Several bridges behind one load balancer each hold their own parked sessions, so a resume
 * must reach the one that parked it; the balancer cannot read the `resume` message (it goes
 * inside the WebSocket, and the secret must never be in a URL), so the browser names the
 * bridge in the upgrade's URL instead, `/tunnel?resume=bridge-2`, from the token's public
 * part. The secret part is 32 random bytes as before (docs/BRIDGE.md, "Scale-out").
 */

/** A bridge id: what `bridgeId` in the config may be, and HAProxy accepts as a server name. */
export const BRIDGE_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The query parameter that carries the route on a resume's upgrade request. */
export const RESUME_ROUTE_PARAM = 'resume';

/** The bridge id a token names, or null for a token without one (a bridge from before ids). */
export function resumeRoute(token: string): string | null {
  const dot = token.indexOf('.');
  return dot > 0 ? token.slice(0, dot) : null;
}

/** The URL a resume with `token` connects to: `tunnelUrl` plus the token's route, never its secret. */
export function resumeUrl(tunnelUrl: string, token: string): string {
  const route = resumeRoute(token);
  if (route === null) return tunnelUrl;
  return `${tunnelUrl}${tunnelUrl.includes('?') ? '&' : '?'}${RESUME_ROUTE_PARAM}=${encodeURIComponent(route)}`;
}
