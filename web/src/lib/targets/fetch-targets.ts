import { isValidTargetName, type TargetInfo, type TlsMode } from '../../../../shared/tunnel/index.ts';
import type { TargetsErrorCode } from './error-codes.ts';

/** The outcome of asking the bridge for its targets; errors travel as data, not exceptions. */
export type TargetsResult = { ok: true; targets: TargetInfo[] } | { ok: false; code: TargetsErrorCode; detail: string };

const TLS_MODES: readonly TlsMode[] = ['implicit', 'starttls', 'plaintext'];
/** The bridge publishes a handful; a huge answer is a broken or hostile bridge. */
const MAX_TARGETS = 256;

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `endToEnd` as published: absent, or a host name the browser's TLS checks the certificate against. */
function parseEndToEnd(value: unknown, tls: TlsMode): TargetInfo['endToEnd'] | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || tls === 'plaintext') return null;
  const { host } = value as Record<string, unknown>;
  return typeof host === 'string' && host.length <= 253 && HOST_NAME.test(host) ? { host: host.toLowerCase() } : null;
}

/** Checks the shape of `GET /targets` (`[{name, label, tls, endToEnd?}]`); returns null when it is wrong. */
export function parseTargets(json: unknown): TargetInfo[] | null {
  if (!Array.isArray(json) || json.length > MAX_TARGETS) return null;
  const targets: TargetInfo[] = [];
  for (const item of json as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, label, tls, endToEnd } = item as Record<string, unknown>;
    if (!isValidTargetName(name) || typeof label !== 'string' || !TLS_MODES.includes(tls as TlsMode)) return null;
    const e2e = parseEndToEnd(endToEnd, tls as TlsMode);
    if (e2e === null) return null;
    targets.push({ name, label, tls: tls as TlsMode, ...(e2e ? { endToEnd: e2e } : {}) });
  }
  return targets;
}

/** Asks the bridge that served this page which mail servers it may reach. */
export async function fetchTargets(fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<TargetsResult> {
  let response: Response;
  try {
    // no-store: the list is tiny, and a stale one would offer targets the bridge has dropped.
    response = await fetchFn('/targets', { headers: { accept: 'application/json' }, cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (error) {
    return { ok: false, code: 'TARGETS_ERR_NETWORK', detail: String(error) };
  }
  if (!response.ok) return { ok: false, code: 'TARGETS_ERR_HTTP', detail: `HTTP ${response.status}` };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { ok: false, code: 'TARGETS_ERR_BAD_RESPONSE', detail: 'not JSON' };
  }
  const targets = parseTargets(json);
  if (targets === null) return { ok: false, code: 'TARGETS_ERR_BAD_RESPONSE', detail: 'not a list of {name, label, tls}' };
  return { ok: true, targets };
}
