// Mounting a Svelte component in a jsdom test: mount, flush, and clean up after each test.
import { flushSync, mount, unmount, type Component } from 'svelte';
import { afterEach } from 'vitest';

let mounted: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (mounted !== null) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

/** Mounts `component` into a fresh element in document.body, flushed; it is unmounted after the test. */
export function mountComponent<Props extends Record<string, unknown>>(component: Component<Props>, props: Props): HTMLElement {
  const target = document.createElement('div');
  document.body.append(target);
  mounted = mount(component, { target, props });
  flushSync();
  return target;
}
