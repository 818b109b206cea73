// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import AttachmentList from '../../../../web/src/lib/reader/AttachmentList.svelte';
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
