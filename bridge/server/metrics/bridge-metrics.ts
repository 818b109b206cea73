import type { Socket } from 'node:net';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { LogEntry } from '../../logging/index.ts';
import { REFUSAL_CODES, closeCodeLabel, refusalOf, upstreamErrorOf } from './tunnel-outcomes.ts';

/** What the metrics read of a live TunnelSession. */
interface TunnelProgress {
  readonly progress: { bytesUp: number; bytesDown: number; parked: boolean };
}

/** What the metrics read of the live bridge when Prometheus scrapes. */
interface LiveBridge {
  /** Sessions that have not ended: handshaking, connecting, relaying or parked. */
  sessions(): Iterable<TunnelProgress>;
  /** Whether the running config names this target: only those are target label values. */
  isTarget(name: string): boolean;
}

type Direction = 'up' | 'down';
type Pair = Record<Direction, number>;

/**
 * A byte counter made of the totals of what has ended plus the current counts of what is
 * live, read at scrape time: the counter grows by the difference since the last scrape, so
 * bytes show up while a tunnel runs, not only when it closes.
 */
class ByteTotals {
  readonly ended: Pair = { up: 0, down: 0 };
  readonly #reported: Pair = { up: 0, down: 0 };

  report(counter: Counter<'direction'>, live: Pair): void {
    for (const direction of ['up', 'down'] as const) {
      const total = this.ended[direction] + live[direction];
      counter.inc({ direction }, Math.max(0, total - this.#reported[direction]));
      this.#reported[direction] = Math.max(total, this.#reported[direction]);
    }
  }
}

/**
 * The bridge's Prometheus metrics (docs/BRIDGE.md, "Metrics"), in a registry of its own.
 * Events are counted from the structured log entries (`observe`), so every count has a log
 * line behind it; gauges and byte totals are read from the live sessions and WebSocket
 * sockets at scrape time. Label values come from stable codes and the operator's target
 * names only (see tunnel-outcomes.ts).
 */
export class BridgeMetrics {
  readonly registry = new Registry();
  readonly #live: LiveBridge;
  /** The socket under each WebSocket (the upgrade's), as long as it is open. */
  readonly #links = new Set<Socket>();
  readonly #pop3 = new ByteTotals();
  readonly #wire = new ByteTotals();
  readonly #refusals: Counter<'code'>;
  readonly #upstreamErrors: Counter<'code' | 'target'>;
  readonly #closed: Counter<'code'>;
  readonly #ready: Counter<'target'>;
  readonly #parks: Counter;
  readonly #resumes: Counter;
  readonly #reloads: Counter<'result'>;
  readonly #draining: Gauge;

  constructor(live: LiveBridge) {
    this.#live = live;
    const registers = [this.registry];
    // Process memory (RSS, heap), CPU, file descriptors, and event-loop lag.
    collectDefaultMetrics({ register: this.registry });
    const sessions = (): TunnelProgress[] => [...this.#live.sessions()];
    new Gauge({
      name: 'satchel_bridge_tunnels_open',
      help: 'Tunnels with a WebSocket attached (handshaking, connecting to the mail server, or relaying).',
      registers,
      collect() {
        this.set(sessions().filter((s) => !s.progress.parked).length);
      },
    });
    new Gauge({
      name: 'satchel_bridge_sessions_parked',
      help: 'Resumable sessions whose WebSocket dropped, holding their mail-server connection for a resume.',
      registers,
      collect() {
        this.set(sessions().filter((s) => s.progress.parked).length);
      },
    });
    const pop3 = this.#pop3;
    new Counter({
      name: 'satchel_bridge_pop3_bytes_total',
      help: 'POP3 bytes relayed: up = browser to mail server, down = read from the mail server.',
      labelNames: ['direction'] as const,
      registers,
      collect() {
        pop3.report(this, sum(sessions().map((s) => ({ up: s.progress.bytesUp, down: s.progress.bytesDown }))));
      },
    });
    const wire = this.#wire;
    const links = this.#links;
    new Counter({
      name: 'satchel_bridge_websocket_bytes_total',
      help: 'Bytes on the browser sockets of /tunnel after permessage-deflate, with WebSocket framing and the upgrade request and response, without TLS records: up = read, down = written.',
      labelNames: ['direction'] as const,
      registers,
      collect() {
        wire.report(this, sum([...links].map((socket) => ({ up: socket.bytesRead, down: socket.bytesWritten }))));
      },
    });
    this.#refusals = new Counter({ name: 'satchel_bridge_refusals_total', help: 'Connections and tunnels refused, by stable error code.', labelNames: ['code'] as const, registers });
    for (const code of REFUSAL_CODES) this.#refusals.inc({ code }, 0);
    this.#upstreamErrors = new Counter({
      name: 'satchel_bridge_upstream_errors_total',
      help: 'Failures to reach a mail server (DNS, TCP connect, TLS, STLS), by stable error code and configured target name.',
      labelNames: ['code', 'target'] as const,
      registers,
    });
    this.#closed = new Counter({ name: 'satchel_bridge_tunnels_closed_total', help: 'Tunnels ended, by stable error code (none = a clean end).', labelNames: ['code'] as const, registers });
    this.#ready = new Counter({ name: 'satchel_bridge_tunnels_ready_total', help: 'Tunnels connected to their mail server, by configured target name.', labelNames: ['target'] as const, registers });
    this.#parks = new Counter({ name: 'satchel_bridge_parks_total', help: 'Resumable sessions parked after their WebSocket dropped.', registers });
    this.#resumes = new Counter({ name: 'satchel_bridge_resumes_total', help: 'Parked or attached sessions resumed on a new WebSocket.', registers });
    this.#reloads = new Counter({ name: 'satchel_bridge_config_reloads_total', help: 'SIGHUP reloads, by result (applied, refused).', labelNames: ['result'] as const, registers });
    for (const result of ['applied', 'refused']) this.#reloads.inc({ result }, 0);
    this.#draining = new Gauge({ name: 'satchel_bridge_draining', help: '1 from SIGTERM (or close) until the bridge exits.', registers });
  }

  /** Counts the socket under a new WebSocket until it closes. */
  trackLink(socket: Socket): void {
    this.#links.add(socket);
    socket.once('close', () => {
      this.#wire.ended.up += socket.bytesRead;
      this.#wire.ended.down += socket.bytesWritten;
      this.#links.delete(socket);
    });
  }

  /** One structured log entry, after redaction. Never throws into the logger. */
  observe(entry: LogEntry): void {
    const refusal = refusalOf(entry);
    if (refusal !== null) this.#refusals.inc({ code: refusal });
    switch (entry.event) {
      case 'tunnel-closed': {
        this.#closed.inc({ code: closeCodeLabel(entry) });
        this.#pop3.ended.up += typeof entry.bytesUp === 'number' ? entry.bytesUp : 0;
        this.#pop3.ended.down += typeof entry.bytesDown === 'number' ? entry.bytesDown : 0;
        const upstream = upstreamErrorOf(entry);
        if (upstream !== null) this.#upstreamErrors.inc({ code: upstream, target: this.#targetLabel(entry.target) });
        return;
      }
      case 'tunnel-ready':
        return this.#ready.inc({ target: this.#targetLabel(entry.target) });
      case 'tunnel-parked':
        return this.#parks.inc();
      case 'tunnel-resumed':
        return this.#resumes.inc();
      case 'config-reloaded':
        return this.#reloads.inc({ result: 'applied' });
      case 'config-reload-refused':
        return this.#reloads.inc({ result: 'refused' });
      case 'bridge-draining':
        return this.#draining.set(1);
    }
  }

  #targetLabel(target: unknown): string {
    return typeof target === 'string' && this.#live.isTarget(target) ? target : 'unlisted';
  }
}

function sum(pairs: Pair[]): Pair {
  return pairs.reduce((total, pair) => ({ up: total.up + pair.up, down: total.down + pair.down }), { up: 0, down: 0 });
}
