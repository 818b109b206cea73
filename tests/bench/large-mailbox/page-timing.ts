/**
 * Timing taken in the page: from navigation start (performance.now()'s origin) to the first
 * frame painted with a message row in it (a script installed before the app's own), and from
 * the click on a message's row to the painted frame that shows its headers, then its body.
 */
import type { BrowserContext, Page } from '@playwright/test';

interface Marks {
  firstRowPainted?: number;
}

/** Runs in the page: records when the first row reaches a painted frame. */
function watchFirstRow(): void {
  const marks: Marks = {};
  (globalThis as unknown as { __satchelMarks: Marks }).__satchelMarks = marks;
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="message-row"]') === null) return;
    observer.disconnect();
    // The frame after the one that lays the row out: it is on screen.
    requestAnimationFrame(() => setTimeout(() => (marks.firstRowPainted = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
}

export async function installFirstRowTiming(context: BrowserContext): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps named inner functions in __name(): the
  // functions sent to the page need it defined there.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(watchFirstRow);
}

/** Milliseconds from navigation start to the first painted row. */
export async function firstRowMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as unknown as { __satchelMarks?: Marks }).__satchelMarks?.firstRowPainted, undefined, { timeout: 30_000, polling: 20 });
  return Number(await handle.jsonValue());
}

export interface OpenTiming {
  /** Click to the painted frame that shows the message's subject in the reader. */
  headersMs: number;
  /** Click to the painted frame after the body is in: the HTML frame loaded, or text in its place. */
  bodyMs: number;
  /** What the body was: the HTML in its frame, or the reader's text fallback (and why). */
  body: string;
}

/** Clicks the row of `uid` and times the reader, in the page. */
export async function openMessageTiming(page: Page, uid: string, subject: string): Promise<OpenTiming> {
  return page.evaluate(
    ({ uid, subject }) =>
      new Promise<OpenTiming>((resolve, reject) => {
        const row = document.querySelector<HTMLElement>(`[data-testid="message-row"][data-uid="${uid}"]`);
        if (row === null) return reject(new Error(`no row for ${uid}`));
        const painted = (): Promise<number> => new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)));
        let headersAt: Promise<number> | null = null;
        let settled = false;
        const check = (): void => {
          const heading = document.querySelector('[data-testid="message-subject"]');
          if (headersAt === null && heading?.textContent === subject) headersAt = painted();
          const frame = document.querySelector<HTMLIFrameElement>('[data-testid="message-frame"]');
          if (frame !== null && !frame.dataset.benchWatched) {
            frame.dataset.benchWatched = '1';
            frame.addEventListener('load', () => finish('html'), { once: true });
          }
          const fallback = document.querySelector('[data-testid="html-fallback"]');
          if (fallback !== null) finish('text fallback');
        };
        const finish = (body: string): void => {
          if (settled) return;
          settled = true;
          observer.disconnect();
          void Promise.all([headersAt ?? painted(), painted()]).then(([headers, bodyAt]) => resolve({ headersMs: headers - started, bodyMs: bodyAt - started, body }));
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => (settled ? undefined : reject(new Error('the message did not open in 30 s'))), 30_000);
        const started = performance.now();
        row.click();
      }),
    { uid, subject },
  );
}
