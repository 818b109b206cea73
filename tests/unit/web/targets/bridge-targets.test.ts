import { describe, expect, it } from 'vitest';
// The unit project compiles runes in *.svelte.ts modules (vitest.config.ts), so a direct import
// runs what ships.
import { BridgeTargets } from '../../../../web/src/lib/targets/bridge-targets.svelte.ts';

const demo = { name: 'demo', label: 'Demo mailbox', tls: 'plaintext' } as const;
const work = { name: 'work', label: 'Work', tls: 'implicit' } as const;

/** A fetch whose answers the test hands out one by one, in order. */
function scriptedFetch(...answers: (() => Promise<Response>)[]): typeof fetch {
  return (async () => {
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected fetch');
    return next();
  }) as typeof fetch;
}

describe('BridgeTargets', () => {
  it('starts loading with no targets and no verdict on the bridge', () => {
    const targets = new BridgeTargets(scriptedFetch());
    expect(targets.status).toBe('loading');
    expect(targets.targets).toEqual([]);
    expect(targets.bridgeReachable).toBeNull();
  });

  it('holds the targets once the bridge answers', async () => {
    const targets = new BridgeTargets(scriptedFetch(async () => Response.json([demo])));
    await targets.load();
    expect(targets.status).toBe('loaded');
    expect(targets.targets).toEqual([demo]);
    expect(targets.error).toBeNull();
    expect(targets.bridgeReachable).toBe(true);
  });

  it('keeps the last good list when a later load fails on the network', async () => {
    const targets = new BridgeTargets(
      scriptedFetch(
        async () => Response.json([demo]),
        async () => {
          throw new TypeError('Failed to fetch');
        },
      ),
    );
    await targets.load();
    await targets.load();
    expect(targets.status).toBe('failed');
    expect(targets.error).toBe('TARGETS_ERR_NETWORK');
    expect(targets.targets).toEqual([demo]);
    expect(targets.bridgeReachable).toBe(false);
  });

  it('counts an HTTP error as a reachable bridge', async () => {
    const targets = new BridgeTargets(scriptedFetch(async () => new Response('', { status: 500 })));
    await targets.load();
    expect(targets.error).toBe('TARGETS_ERR_HTTP');
    expect(targets.bridgeReachable).toBe(true);
  });

  it('lets the newest load win when an older one answers late', async () => {
    let releaseSlow: (response: Response) => void = () => {};
    const slow = new Promise<Response>((resolve) => {
      releaseSlow = resolve;
    });
    const targets = new BridgeTargets(
      scriptedFetch(
        () => slow,
        async () => Response.json([work]),
      ),
    );
    const first = targets.load();
    await targets.load();
    releaseSlow(Response.json([demo]));
    await first;
    expect(targets.targets).toEqual([work]);
  });
});
