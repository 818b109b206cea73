/**
 * Idle tunnels for the bridge load test: each asks for a resumable session (as the app does),
 * logs in and acks, then sits. The client offers permessage-deflate and compresses every
 * message it sends, as Chromium does, so the bridge holds an inflate context per tunnel.
 */
import WebSocket from 'ws';

export interface IdleTunnels {
  sockets: WebSocket[];
  /** Tunnels that closed without being asked to, or failed to open. */
  errors: string[];
  closeAll(): Promise<void>;
  /** Cuts `count` of them without a close frame, as a lost link does (the bridge parks resumable ones); returns how many. */
  drop(count: number): number;
}

/** Sockets cut on purpose by drop(): their 1006 is not an error. */
const dropped = new WeakSet<WebSocket>();

function openOne(url: string, origin: string, target: string, errors: string[]): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin, perMessageDeflate: { threshold: 0 } });
    let lines = 0;
    let received = 0;
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      errors.push(why);
      ws.terminate();
      resolve(null);
    };
    const timer = setTimeout(() => fail('no login within 60 s'), 60_000);
    ws.on('error', (error) => fail(`socket error: ${error.message}`));
    ws.on('unexpected-response', (_, response) => fail(`upgrade refused: HTTP ${response.statusCode}`));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'open', v: 1, target, resumable: true })));
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (!isBinary) {
        const text = bytes.toString('utf8');
        if (text.includes('"error"')) fail(`bridge error: ${text}`);
        return;
      }
      received += bytes.length;
      const before = lines;
      lines += bytes.toString('latin1').split('\r\n').length - 1;
      // Greeting in: log in, pipelined (the demo server answers any user with password "demo").
      if (before === 0 && lines >= 1) ws.send(Buffer.from('USER load\r\nPASS demo\r\n'));
      if (lines >= 3 && !settled) {
        settled = true;
        clearTimeout(timer);
        ws.send(JSON.stringify({ type: 'ack', v: 1, received }));
        ws.on('close', (code) => {
          if (code !== 1000 && !dropped.has(ws)) errors.push(`idle tunnel closed with ${code}`);
        });
        resolve(ws);
      }
    });
    ws.on('close', (code, reason) => fail(`closed before login: ${code} ${reason.toString()}`));
  });
}

/** Opens `count` idle tunnels, `concurrency` handshakes at a time; `onProgress` after each batch. */
export async function openIdleTunnels(
  url: string,
  origin: string,
  target: string,
  count: number,
  concurrency: number,
  onProgress: (open: number) => void,
): Promise<IdleTunnels> {
  const sockets: WebSocket[] = [];
  const errors: string[] = [];
  for (let opened = 0; opened < count; opened += concurrency) {
    const batch = await Promise.all(Array.from({ length: Math.min(concurrency, count - opened) }, () => openOne(url, origin, target, errors)));
    sockets.push(...batch.filter((ws): ws is WebSocket => ws !== null));
    onProgress(sockets.length);
  }
  return {
    sockets,
    errors,
    drop: (count) => {
      const cut = sockets.splice(0, count);
      for (const ws of cut) {
        dropped.add(ws);
        ws.terminate();
      }
      return cut.length;
    },
    closeAll: async () => {
      await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close(1000);
      })));
    },
  };
}
