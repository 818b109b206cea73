import type { RawData } from 'ws';
import { TunnelError } from '../../shared/tunnel/index.ts';
import type { LimitsConfig } from '../config/index.ts';
import { ControlRate } from './control-rate.ts';
import { SendStallWatch } from './send-stall-watch.ts';
import type { BrowserLink } from './tunnel-relay.ts';

interface BrowserLinkEvents {
  message(data: RawData, isBinary: boolean): void;
  error(error: Error & { code?: string }): void;
  close(code: number): void;
  /** The link must end: the browser floods control messages, or takes no bytes. */
  fail(error: TunnelError): void;
  /** Whether a ping is worth sending now. */
  shouldPing(): boolean;
  /** Wraps every listener, so a throw inside one ends this tunnel only (see containErrors). */
  contain<A extends unknown[]>(handler: (...args: A) => void): (...args: A) => void;
}

/**
 * Listens on one WebSocket of a TunnelSession and keeps it honest (DESIGN.md invariant 10):
 * control messages and pings counted against limits.maxControlMessagesPerSecond, one pong
 * queued at a time, a stalled reader timed out, and (while `shouldPing`) a socket that
 * answers nothing for a ping interval terminated. Returns the function that lets go of it.
 */
export function watchBrowserLink({ ws, socket }: BrowserLink, limits: LimitsConfig, events: BrowserLinkEvents): () => void {
  let answered = true;
  // Any message from the browser (its acks arrive every second while data flows) proves the
  // link alive as well as a pong does. On a slow link a ping waits behind everything already
  // queued downstream (our buffer, the socket's, the link's), so pongs alone would kill a
  // healthy session whose queue takes longer than one ping interval to drain.
  const rate = new ControlRate(limits.maxControlMessagesPerSecond);
  const counted = (): boolean => {
    if (rate.count()) return true;
    events.fail(new TunnelError('TUNNEL_ERR_FLOOD', `more than ${limits.maxControlMessagesPerSecond} control messages in a second`));
    return false;
  };
  const onMessage = (data: RawData, isBinary: boolean): void => {
    answered = true;
    if (!isBinary && !counted()) return;
    events.message(data, isBinary);
  };
  const onError = (error: Error & { code?: string }): void => events.error(error);
  const onClose = (code: number): void => events.close(code);
  const onPong = (): void => {
    answered = true;
    counted();
  };
  // autoPong is off (start-bridge): one pong at a time, so a client that pings and never
  // reads cannot queue answers without end.
  let pongQueued = false;
  const onPing = (data: Buffer): void => {
    if (!counted() || pongQueued || ws.readyState !== ws.OPEN) return;
    pongQueued = true;
    ws.pong(data, false, () => {
      pongQueued = false;
    });
  };
  const listeners = {
    message: events.contain(onMessage),
    error: events.contain(onError),
    close: events.contain(onClose),
    pong: events.contain(onPong),
    ping: events.contain(onPing),
  };
  for (const [event, listener] of Object.entries(listeners)) ws.on(event, listener);
  const stallWatch = new SendStallWatch(ws, socket, {
    timeoutMs: limits.sendStallTimeoutMs,
    onStall: () => events.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `the browser took no bytes for ${limits.sendStallTimeoutMs} ms`)),
  });
  const pinger = setInterval(() => {
    if (!events.shouldPing()) return;
    if (!answered) return ws.terminate();
    answered = false;
    ws.ping();
  }, limits.resumePingMs);
  return () => {
    clearInterval(pinger);
    stallWatch.stop();
    for (const [event, listener] of Object.entries(listeners)) ws.off(event, listener);
    // An 'error' with no listener would throw; a socket we let go of may still emit one.
    ws.on('error', () => {});
  };
}
