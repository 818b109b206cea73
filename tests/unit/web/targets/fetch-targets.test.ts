import { describe, expect, it } from 'vitest';
import { TARGETS_ERROR_CODES } from '../../../../web/src/lib/targets/error-codes.ts';
import { fetchTargets, parseTargets } from '../../../../web/src/lib/targets/fetch-targets.ts';

const demo = { name: 'demo', label: 'Demo mailbox', tls: 'plaintext' };

function answering(response: Response | Error): { fetchFn: typeof fetch; calls: { url: string; init: RequestInit | undefined }[] } {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    if (response instanceof Error) throw response;
    return response;
  }) as typeof fetch;
  return { fetchFn, calls };
}

describe('parseTargets', () => {
  it('accepts a list of {name, label, tls}', () => {
    expect(parseTargets([demo, { name: 'work', label: 'Work', tls: 'implicit' }])).toEqual([demo, { name: 'work', label: 'Work', tls: 'implicit' }]);
  });

  it('drops fields the bridge should not have sent', () => {
    expect(parseTargets([{ ...demo, password: 'x' }])).toEqual([demo]);
  });

  it('keeps an end-to-end target\'s host name, in lower case', () => {
    const e2e = { name: 'work', label: 'Work', tls: 'starttls', endToEnd: { host: 'POP.Example.org' } };
    expect(parseTargets([e2e])).toEqual([{ ...e2e, endToEnd: { host: 'pop.example.org' } }]);
  });

  it('refuses an end-to-end target without a usable host name, or over plaintext', () => {
    expect(parseTargets([{ name: 'w', label: 'W', tls: 'implicit', endToEnd: {} }])).toBeNull();
    expect(parseTargets([{ name: 'w', label: 'W', tls: 'implicit', endToEnd: { host: 'a b' } }])).toBeNull();
    expect(parseTargets([{ name: 'w', label: 'W', tls: 'implicit', endToEnd: true }])).toBeNull();
    expect(parseTargets([{ ...demo, endToEnd: { host: 'localhost' } }])).toBeNull();
  });

  it('refuses anything that is not a list of well-formed targets', () => {
    expect(parseTargets({ targets: [demo] })).toBeNull();
    expect(parseTargets([{ ...demo, tls: 'none' }])).toBeNull();
    expect(parseTargets([{ ...demo, name: '../etc' }])).toBeNull();
    expect(parseTargets([{ ...demo, label: 7 }])).toBeNull();
    expect(parseTargets([null])).toBeNull();
    expect(parseTargets(Array.from({ length: 257 }, (_, i) => ({ ...demo, name: `t${i}` })))).toBeNull();
  });
});

describe('fetchTargets', () => {
  it('asks the bridge for /targets without using the HTTP cache', async () => {
    const { fetchFn, calls } = answering(Response.json([demo]));
    expect(await fetchTargets(fetchFn)).toEqual({ ok: true, targets: [demo] });
    expect(calls[0]?.url).toBe('/targets');
    expect(calls[0]?.init?.cache).toBe('no-store');
  });

  it('reports TARGETS_ERR_NETWORK when the request fails', async () => {
    const result = await fetchTargets(answering(new TypeError('Failed to fetch')).fetchFn);
    expect(result).toMatchObject({ ok: false, code: 'TARGETS_ERR_NETWORK' });
  });

  it('reports TARGETS_ERR_HTTP on an error status', async () => {
    const result = await fetchTargets(answering(new Response('nope', { status: 503 })).fetchFn);
    expect(result).toEqual({ ok: false, code: 'TARGETS_ERR_HTTP', detail: 'HTTP 503' });
  });

  it('reports TARGETS_ERR_BAD_RESPONSE for non-JSON or a wrong shape', async () => {
    expect(await fetchTargets(answering(new Response('<html>')).fetchFn)).toMatchObject({ code: 'TARGETS_ERR_BAD_RESPONSE' });
    expect(await fetchTargets(answering(Response.json({ name: 'demo' })).fetchFn)).toMatchObject({ code: 'TARGETS_ERR_BAD_RESPONSE' });
  });

  it('only ever returns codes from the documented table', async () => {
    const results = await Promise.all([
      fetchTargets(answering(new Error('x')).fetchFn),
      fetchTargets(answering(new Response('', { status: 500 })).fetchFn),
      fetchTargets(answering(new Response('x')).fetchFn),
    ]);
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(TARGETS_ERROR_CODES)).toContain(result.code);
    }
  });
});
