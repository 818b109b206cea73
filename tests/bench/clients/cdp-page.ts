/**
 * A minimal DevTools-protocol client on one page target, for the timed part of a bench run.
 *
 * Why not Playwright there: Playwright enables the Network domain on the page and on each of
 * its Workers, and Chromium then copies every WebSocket frame the app's sync Worker receives,
 * base64-encoded, to Playwright. For the bench mailbox that is 105 MB encoded in the Worker,
 * relayed by the browser process and parsed in the bench's own Node process, on the same two
 * cores as the sync it measures: 2.2 s of the browser's main thread and 2.4 s of its DevTools
 * pipe thread in one loopback trace. A user's browser does none of it. This client asks for
 * nothing but Runtime.evaluate (and, when asked, Tracing).
 */
import WebSocket from 'ws';

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export class CdpPage {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Array<(params: Record<string, unknown>) => void>>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result ?? {});
      } else if (message.method) {
        for (const listener of this.#listeners.get(message.method) ?? []) listener(message.params ?? {});
      }
    });
    ws.on('close', () => {
      for (const pending of this.#pending.values()) pending.reject(new Error('DevTools connection closed'));
      this.#pending.clear();
    });
  }

  /** Attaches to the first page whose URL starts with `urlPrefix`. */
  static async connect(endpoint: string, urlPrefix: string): Promise<CdpPage> {
    const targets = (await (await fetch(`${endpoint}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
    const target = targets.find((t) => t.type === 'page' && t.url.startsWith(urlPrefix));
    if (!target) throw new Error(`no page at ${urlPrefix} among ${targets.map((t) => t.url).join(', ')}`);
    const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new CdpPage(ws);
  }

  /** A hung page fails the run instead of stalling the bench. */
  send(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer from the page in ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = <T>(then: (value: T) => void) => (value: T): void => {
        clearTimeout(timer);
        then(value);
      };
      this.#pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method: string, listener: (params: Record<string, unknown>) => void): void {
    this.#listeners.set(method, [...(this.#listeners.get(method) ?? []), listener]);
  }

  once(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const listener = (params: Record<string, unknown>): void => {
        this.#listeners.set(method, (this.#listeners.get(method) ?? []).filter((l) => l !== listener));
        resolve(params);
      };
      this.on(method, listener);
    });
  }

  /** Runs `fn(arg)` in the page (as Playwright's page.evaluate does) and returns its JSON value. */
  async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const result = (await this.send('Runtime.evaluate', { expression: `(${fn.toString()})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true })) as {
      result: { value?: R };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    return result.result.value as R;
  }

  close(): void {
    this.#ws.close();
  }
}
