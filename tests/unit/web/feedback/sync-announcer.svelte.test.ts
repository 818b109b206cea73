// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import SyncAnnouncer from '../../../../web/src/lib/feedback/SyncAnnouncer.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted !== null) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

/** Mounts the announcer with props the test can change. */
function announcer() {
  const props = $state({ running: false, problems: 0 });
  const target = document.createElement('div');
  document.body.append(target);
  mounted = mount(SyncAnnouncer, { target, props });
  flushSync();
  const region = () => target.querySelector('[role="status"]')!;
  return { props, region };
}

describe('SyncAnnouncer', () => {
  it('is a quiet live region until a sync starts, then says it started and that it finished', () => {
    const { props, region } = announcer();
    expect(region().textContent).toBe('');
    props.running = true;
    flushSync();
    expect(region().textContent).toBe('Syncing mail…');
    props.running = false;
    flushSync();
    expect(region().textContent).toBe('Sync finished.');
  });

  it('says a sync ended with a problem when one is shown', () => {
    const { props, region } = announcer();
    props.running = true;
    flushSync();
    props.problems = 1;
    props.running = false;
    flushSync();
    expect(region().textContent).toMatch(/finished with a problem/);
  });
});
