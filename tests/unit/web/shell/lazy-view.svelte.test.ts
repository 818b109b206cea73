// @vitest-environment jsdom
import { createRawSnippet, flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import LazyView from '../../../../web/src/lib/shell/LazyView.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted !== null) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

// The "view" is a string here: LazyView hands whatever the chunk's default export is to its snippet.
const shown = createRawSnippet((view: () => string) => ({ render: () => `<p data-testid="view">${view()}</p>` }));

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await tick();
  flushSync();
}

describe('LazyView', () => {
  it('shows nothing while the chunk loads, then renders its view once', async () => {
    let resolve: (module: { default: string }) => void = () => undefined;
    let loads = 0;
    const load = () => {
      loads += 1;
      return new Promise<{ default: string }>((done) => (resolve = done));
    };
    mounted = mount(LazyView, { target: document.body, props: { load, children: shown } });
    flushSync();
    expect(document.querySelector('[data-testid="view"]')).toBeNull();
    resolve({ default: 'the reader' });
    await settle();
    expect(document.querySelector('[data-testid="view"]')?.textContent).toBe('the reader');
    expect(loads).toBe(1);
  });

  it('says the view could not load, and offers a reload, when its chunk fails', async () => {
    mounted = mount(LazyView, { target: document.body, props: { load: () => Promise.reject(new Error('offline')), children: shown } });
    await settle();
    const alert = document.querySelector('[data-testid="view-load-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('Your mail is safe');
    expect(alert?.querySelector('button')?.textContent).toBe('Reload');
  });
});
