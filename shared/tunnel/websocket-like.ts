/**
 * The part of a WebSocket the tunnel client uses. The browser's WebSocket and the `ws`
 * package's client both fit, so shared/ needs neither DOM nor Node types. Handlers are
 * declared as methods so either implementation's own event types are accepted
 * (method parameters are checked bivariantly).
 */
export interface WebSocketLike {
  /** Set to 'arraybuffer' by the client, so binary messages arrive as ArrayBuffer. */
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: { handler(event: unknown): void }['handler'] | null;
  onmessage: { handler(event: { data: unknown }): void }['handler'] | null;
  onclose: { handler(event: { code: number; reason: string }): void }['handler'] | null;
  onerror: { handler(event: unknown): void }['handler'] | null;
}

/** RFC 6455 readyState values, as the WebSocket API numbers them. */
export const WS_OPEN = 1;

/** Makes a WebSocket for a URL: `(url) => new WebSocket(url)` in a browser, `ws` in Node. */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** setTimeout and friends exist in every environment shared/ runs in, but not in its type set. */
interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const timers: Timers = {
  setTimeout: (callback, ms) => (globalThis as unknown as Timers).setTimeout(callback, ms),
  clearTimeout: (handle) => (globalThis as unknown as Timers).clearTimeout(handle),
  setInterval: (callback, ms) => (globalThis as unknown as Timers).setInterval(callback, ms),
  clearInterval: (handle) => (globalThis as unknown as Timers).clearInterval(handle),
};
