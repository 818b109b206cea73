// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeFilename, saveAttachment } from '../../../../web/src/lib/reader/save-attachment.ts';

afterEach(() => vi.restoreAllMocks());

describe('saveAttachment', () => {
  it('downloads the bytes as application/octet-stream through an <a download>, never opening them', () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test/1';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    saveAttachment({ filename: 'evil.html', content: new TextEncoder().encode('<script>alert(1)</script>') });
    expect(blobs[0]?.type).toBe('application/octet-stream');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('evil.html');
    expect(clicked[0]!.getAttribute('href')).toBe('blob:test/1');
    expect(document.querySelector('a')).toBeNull();
  });
});

describe('safeFilename', () => {
  it('removes path separators and control characters so the name cannot leave the downloads folder', () => {
    expect(safeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFilename('a\u0000b\r\n.txt')).toBe('a_b__.txt');
    expect(safeFilename('C:\\x.exe')).toBe('C__x.exe');
  });

  it('replaces every bidi control with _, so the name ends with its real extension', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(safeFilename('\u2067a\u2066b\u2068c\u2069\u202Ad\u202Be\u202Cf\u202Dg\u200Eh\u200Fi\u061Cj.txt')).toBe('_a_b_c__d_e_f_g_h_i_j.txt');
  });

  it('falls back to "attachment" for an empty or dots-only name', () => {
    expect(safeFilename('')).toBe('attachment');
    expect(safeFilename('...')).toBe('attachment');
  });
});
