/**
 * What a page fetched over the network, as Chromium's DevTools protocol reports it: each
 * response's headers and its encodedDataLength (bytes received, headers included, before any
 * decoding). Only the page's own requests: the service worker's precache runs in another target.
 */
import type { CDPSession, Page } from '@playwright/test';

export interface WireResponse {
  url: string;
  type: string;
  status: number;
  contentEncoding: string | null;
  /** Bytes received for it, headers included; null while it is still loading. */
  wireBytes: number | null;
  fromCache: boolean;
}

interface ResponseReceived {
  requestId: string;
  type: string;
  response: { url: string; status: number; headers: Record<string, string>; fromDiskCache?: boolean; fromServiceWorker?: boolean };
}

export class WireRecorder {
  readonly #responses = new Map<string, WireResponse>();
  #lastActivity = Date.now();

  private constructor() {}

  static async start(page: Page): Promise<WireRecorder> {
    const recorder = new WireRecorder();
    const cdp: CDPSession = await page.context().newCDPSession(page);
    cdp.on('Network.requestWillBeSent', () => (recorder.#lastActivity = Date.now()));
    cdp.on('Network.responseReceived', (event: ResponseReceived) => {
      recorder.#lastActivity = Date.now();
      const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]));
      recorder.#responses.set(event.requestId, {
        url: event.response.url,
        type: event.type,
        status: event.response.status,
        contentEncoding: headers['content-encoding'] ?? null,
        wireBytes: null,
        fromCache: event.response.fromDiskCache === true || event.response.fromServiceWorker === true,
      });
    });
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
      recorder.#lastActivity = Date.now();
      const response = recorder.#responses.get(event.requestId);
      if (response !== undefined) response.wireBytes = event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    // A first visit: nothing may come from an earlier run's cache.
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    return recorder;
  }

  get responses(): WireResponse[] {
    return [...this.#responses.values()];
  }

  get totalBytes(): number {
    return this.responses.reduce((sum, response) => sum + (response.wireBytes ?? 0), 0);
  }

  /** Resolves once nothing was requested or received for `quietMs` and every response finished. */
  async settled(quietMs = 750, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const pending = this.responses.some((response) => response.wireBytes === null);
      if (!pending && Date.now() - this.#lastActivity >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the page's network did not settle within ${timeoutMs} ms`);
  }
}
