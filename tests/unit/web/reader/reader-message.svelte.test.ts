import { describe, expect, it, vi } from 'vitest';
import { FIRST_PART_CHARS, HTML_SIZE_BUDGET, HTML_TIME_BUDGET_MS } from '../../../../web/src/lib/reader/html-bounds.ts';
import type { FromMessageWorker, ToMessageWorker } from '../../../../web/src/lib/reader/message-worker-protocol.ts';
import { ReaderMessage } from '../../../../web/src/lib/reader/reader-message.svelte.ts';
import { runMessageJob } from '../../../../web/src/lib/reader/run-message-job.ts';
import { commitMessage, listMessages } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

const RAW = new TextEncoder().encode('From: Ada <ada@example.org>\r\nTo: me@example.org\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Wed, 01 Jan 2025 10:00:00 +0000\r\n\r\nHello https://example.org\r\n');

describe('ReaderMessage', () => {
  it('opens a message, parses it and marks it read, reporting the change', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    expect(await reader.open()).toBe(true);
    expect(reader.parsed?.subject).toBe('Grüße');
    expect(reader.record?.flags.seen).toBe(true);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(true);
    db.close();
  });

  it('does not report a flag change when the message was already read', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength, flags: { seen: true } }));
    expect(await new ReaderMessage(db, 'acct-1', 'u1').open()).toBe(false);
    db.close();
  });

  it('marks a message unread again', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    await reader.setSeen(false);
    expect(reader.record?.flags.seen).toBe(false);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(false);
    db.close();
  });

  it('deletes here: the message leaves the inbox listing', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    await reader.deleteHere();
    expect(await listMessages(db, { limit: 10 })).toEqual([]);
    db.close();
  });

  it('reports READER_ERR_NOT_FOUND for a message that is not stored', async () => {
    const db = await openFresh();
    const reader = new ReaderMessage(db, 'acct-1', 'nope');
    expect(await reader.open()).toBe(false);
    expect(reader.errorCode).toBe('READER_ERR_NOT_FOUND');
    expect(reader.loading).toBe(false);
    db.close();
  });

  it('reports READER_ERR_NOT_FOUND for a message deleted here', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: RAW, size: RAW.byteLength, deletedLocally: true }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1');
    await reader.open();
    expect(reader.errorCode).toBe('READER_ERR_NOT_FOUND');
    db.close();
  });
});

/** Runs the message job in-process like the real Worker, but holds back the bounded HTML until released. */
class HeldBackWorker {
  onmessage: ((event: MessageEvent<FromMessageWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly #held: FromMessageWorker[] = [];

  postMessage(message: ToMessageWorker): void {
    if (message.type !== 'open') return;
    runMessageJob(message.raw, (reply) => {
      if (reply.type === 'bounded-html') this.#held.push(reply);
      else queueMicrotask(() => this.onmessage?.({ data: reply } as MessageEvent<FromMessageWorker>));
    });
  }

  release(): void {
    for (const reply of this.#held.splice(0)) this.onmessage?.({ data: reply } as MessageEvent<FromMessageWorker>);
  }

  terminate(): void {
    this.terminated = true;
  }
}

const HTML_RAW = new TextEncoder().encode('From: Ada <ada@example.org>\r\nSubject: News\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Breaking news</p><p>More</p>\r\n');

function htmlMessageWithText(htmlChars: number): Uint8Array {
  const html = `<p>Big</p>${'<p>filler text</p>\r\n'.repeat(Math.ceil(htmlChars / 20))}`;
  return new TextEncoder().encode(
    'From: Ada <ada@example.org>\r\nSubject: Big\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe plain part.\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n' + html + '\r\n--b--\r\n',
  );
}

describe('ReaderMessage with an HTML body', () => {
  it('hands the bounded HTML to the reader when it is ready in time', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: HTML_RAW, size: HTML_RAW.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1', null);
    await reader.open();
    const view = reader.htmlView;
    expect(view.kind).toBe('ready');
    expect(view.kind === 'ready' && view.html).toContain('<p>Breaking news</p>');
    db.close();
  });

  it('shows the HTML as text when it is not ready within the time budget, and the HTML once the user asks and it is ready', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: HTML_RAW, size: HTML_RAW.byteLength }));
    const worker = new HeldBackWorker();
    const reader = new ReaderMessage(db, 'acct-1', 'u1', () => worker as unknown as Worker);
    await reader.open();
    expect(reader.htmlView.kind).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, HTML_TIME_BUDGET_MS + 100));
    expect(reader.htmlView).toMatchObject({ kind: 'fallback', reason: 'time', text: 'Breaking news\n\nMore', insisted: false });
    reader.showHtmlAnyway();
    expect(reader.htmlView).toMatchObject({ kind: 'fallback', insisted: true });
    worker.release();
    expect(reader.htmlView.kind).toBe('ready');
    expect(worker.terminated).toBe(true);
    db.close();
  });

  it('still opens the message, in the page, when its Worker fails to start', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: HTML_RAW, size: HTML_RAW.byteLength }));
    const broken = {
      onmessage: null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      postMessage() {
        queueMicrotask(() => this.onerror?.({ message: 'script failed to load', preventDefault: () => undefined } as ErrorEvent));
      },
      terminate: () => undefined,
    };
    const reader = new ReaderMessage(db, 'acct-1', 'u1', () => broken as unknown as Worker);
    await reader.open();
    expect(reader.errorCode).toBeNull();
    expect(reader.parsed?.subject).toBe('News');
    expect(reader.htmlView.kind).toBe('ready');
    db.close();
  });

  it('stops the work for a message the user leaves: its Worker ends and a late reply changes nothing', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { raw: HTML_RAW, size: HTML_RAW.byteLength }));
    const worker = new HeldBackWorker();
    const reader = new ReaderMessage(db, 'acct-1', 'u1', () => worker as unknown as Worker);
    await reader.open();
    reader.cancel();
    expect(worker.terminated).toBe(true);
    worker.release();
    await new Promise((resolve) => setTimeout(resolve, HTML_TIME_BUDGET_MS + 100));
    expect(reader.htmlView.kind).toBe('pending');
    db.close();
  });

  it('shows the text part at once for HTML over the size budget, and bounds the HTML only when asked', async () => {
    const db = await openFresh();
    const raw = htmlMessageWithText(HTML_SIZE_BUDGET * 1.2);
    await commitMessage(db, message('u1', { raw, size: raw.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1', null);
    await reader.open();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reader.htmlView).toMatchObject({ kind: 'fallback', reason: 'size', text: 'The plain part.\n' });
    reader.showHtmlAnyway();
    const view = reader.htmlView;
    expect(view.kind).toBe('ready');
    expect(view.kind === 'ready' && view.html).toContain('<p>Big</p>');
    db.close();
  }, 30_000);

  it('draws the first part of a long HTML body at once, and the whole when the user asks', async () => {
    const db = await openFresh();
    const raw = htmlMessageWithText(FIRST_PART_CHARS * 3);
    await commitMessage(db, message('u1', { raw, size: raw.byteLength }));
    const reader = new ReaderMessage(db, 'acct-1', 'u1', null);
    await reader.open();
    await vi.waitFor(() => expect(reader.htmlView).toMatchObject({ kind: 'ready', rest: 'offered' }));
    const first = reader.htmlView.kind === 'ready' ? reader.htmlView.html : '';
    expect(first).toContain('<p>Big</p>');
    expect(first.length).toBeLessThan(FIRST_PART_CHARS * 1.2);
    reader.showWhole();
    await vi.waitFor(() => expect(reader.htmlView).toMatchObject({ kind: 'ready', rest: 'none' }));
    expect(reader.htmlView.kind === 'ready' && reader.htmlView.html.length).toBeGreaterThan(first.length * 2);
    db.close();
  }, 30_000);
});
