// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import AttachmentList from '../../../../web/src/lib/reader/AttachmentList.svelte';
import { flushSync, mount, unmount } from 'svelte';
import { mountComponent } from '../support/mount-component.ts';

function render(filename: string): HTMLElement {
  mountComponent(AttachmentList, { attachments: [{ filename, mimeType: 'application/pdf', size: 3, content: new Uint8Array(3) }] });
  return document.body;
}

describe('AttachmentList', () => {
  it('shows a name in its own isolate with each bidi control marked visibly in its place, never as the control itself', () => {
    const body = render('invoice\u202efdp.exe');
    const name = body.querySelector('[data-testid="attachment-name"]');
    expect(name?.tagName).toBe('BDI');
    expect(name?.textContent).toBe('invoiceRLOfdp.exe');
    expect(name?.querySelector('abbr')?.getAttribute('title')).toMatch(/^U\+202E, /);
    expect(body.textContent).not.toMatch(/[\u202a-\u202e]/);
    expect(body.querySelector('[data-testid="attachment-bidi-warning"]')).not.toBeNull();
    expect(body.querySelector('button')?.getAttribute('aria-label')).toBe('Save invoice_fdp.exe');
  });

  it('shows an ordinary name as it is, with no warning', () => {
    const body = render('report.pdf');
    expect(body.querySelector('[data-testid="attachment-name"]')?.textContent).toBe('report.pdf');
    expect(body.querySelector('[data-testid="attachment-bidi-warning"]')).toBeNull();
  });
});

describe('AttachmentList image previews', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function stubObjectUrls() {
    const made: Blob[] = [];
    const revoked: string[] = [];
    vi.stubGlobal('URL', Object.assign(class extends URL {}, {
      createObjectURL: (blob: Blob) => `blob:satchel/${made.push(blob)}`,
      revokeObjectURL: (url: string) => void revoked.push(url),
    }));
    return { made, revoked };
  }

  const attachment = (mimeType: string) => ({ filename: 'photo', mimeType, size: 4, content: new Uint8Array([1, 2, 3, 4]) });

  it('previews a raster image from its stored bytes as a blob: URL, named by its file name', () => {
    const urls = stubObjectUrls();
    mountComponent(AttachmentList, { attachments: [attachment('image/png')] });
    const img = document.querySelector<HTMLImageElement>('[data-testid="attachment-preview"]')!;
    expect(img.getAttribute('src')).toBe('blob:satchel/1');
    expect(img.alt).toBe('photo');
    expect(urls.made[0]?.type).toBe('image/png');
    expect(urls.made[0]?.size).toBe(4);
  });

  it('revokes the blob: URL when the preview goes', () => {
    const urls = stubObjectUrls();
    const target = document.createElement('div');
    document.body.append(target);
    const app = mount(AttachmentList, { target, props: { attachments: [attachment('image/jpeg')] } });
    flushSync();
    unmount(app);
    expect(urls.revoked).toEqual(['blob:satchel/1']);
  });

  it('never previews SVG or anything that is not a raster image', () => {
    stubObjectUrls();
    mountComponent(AttachmentList, { attachments: [attachment('image/svg+xml'), attachment('text/html'), attachment('application/pdf')] });
    expect(document.querySelector('[data-testid="attachment-preview"]')).toBeNull();
  });
});
