// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import AddressList from '../../../../web/src/lib/reader/AddressList.svelte';
import { formatAddressList } from '../../../../web/src/lib/reader/format-address.ts';
import type { ReaderAddress } from '../../../../web/src/lib/message/parse-message.ts';
import { mountComponent } from '../support/mount-component.ts';

function render(addresses: ReaderAddress[]): HTMLElement {
  mountComponent(AddressList, { addresses });
  return document.body;
}

describe('AddressList', () => {
  const addresses = [
    { name: 'Ada \u202eLovelace', address: 'ada@example.org' },
    { name: '', address: 'bob@example.org' },
    { name: 'Undisclosed', address: '' },
  ];

  it('puts each display name and each address in an isolate of its own', () => {
    const body = render(addresses);
    const isolates = Array.from(body.querySelectorAll('bdi'), (element) => [element.dataset.testid, element.textContent]);
    expect(isolates).toEqual([
      ['address-name', 'Ada \u202eLovelace'],
      ['address-email', 'ada@example.org'],
      ['address-email', 'bob@example.org'],
      ['address-name', 'Undisclosed'],
    ]);
  });

  it('reads as the plain "Name <address>" list', () => {
    expect(render(addresses).textContent).toBe(formatAddressList(addresses));
  });
});

describe('AddressList links', () => {
  it('makes each address a mailto: link with a button that copies it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const body = render([{ name: 'Ada', address: 'ada@example.org' }, { name: 'Undisclosed', address: '' }]);
    expect(Array.from(body.querySelectorAll('a'), (a) => a.getAttribute('href'))).toEqual(['mailto:ada@example.org']);
    const copy = body.querySelector<HTMLButtonElement>('[data-testid="copy-address"]')!;
    expect(copy.getAttribute('aria-label')).toBe('Copy ada@example.org');
    copy.click();
    await Promise.resolve();
    await Promise.resolve();
    flushSync();
    expect(writeText).toHaveBeenCalledWith('ada@example.org');
    expect(body.querySelector('[role="status"]')?.textContent).toBe('Copied ada@example.org.');
  });
});
