/**
 * A Chromium trace through the DevTools protocol (Tracing domain), for a persistent context:
 * Playwright's browser.startTracing needs a Browser, which a persistent context does not
 * expose. Returns the function that ends the trace and gives its JSON.
 */
import type { BrowserContext, Page } from '@playwright/test';

export async function startChromiumTrace(context: BrowserContext, page: Page, categories: string[]): Promise<() => Promise<Buffer>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  return async () => {
    const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream!)));
    await cdp.send('Tracing.end');
    const stream = await complete;
    const chunks: Buffer[] = [];
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      chunks.push(Buffer.from(data, base64Encoded ? 'base64' : 'utf8'));
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    return Buffer.concat(chunks);
  };
}
