import type { LogEntry, LogSink } from './log-entry.ts';
import { redactLogEntry } from './redact-log-entry.ts';

let stdoutGuarded = false;

/**
 * Writes one JSON object per line to stdout, the format log collectors expect. A stdout whose
 * reader has gone (EPIPE: the log collector died, `| head` ended) reports it as an 'error'
 * event, which with no listener would end the bridge and every tunnel: the logs are lost, the
 * bridge lives on.
 */
const stdoutSink: LogSink = (entry) => {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', () => {});
  }
  if (process.stdout.writable) process.stdout.write(`${JSON.stringify(entry)}\n`);
};

/**
 * The bridge's logger: every entry gets a timestamp and an `event` name, passes through
 * redaction, then goes to the sink. A failing sink never breaks a tunnel.
 */
export class BridgeLogger {
  readonly #sink: LogSink;
  readonly #observer: LogSink | null;

  /**
   * @param sink where entries go; defaults to JSON lines on stdout
   * @param observer also sees every entry, after redaction (the metrics count events here)
   */
  constructor(sink: LogSink = stdoutSink, observer: LogSink | null = null) {
    this.#sink = sink;
    this.#observer = observer;
  }

  log(event: string, fields: LogEntry = {}): void {
    try {
      const entry = redactLogEntry({ time: new Date().toISOString(), event, ...fields });
      try {
        this.#observer?.(entry);
      } catch {
        // A failing observer must not cost the log line.
      }
      this.#sink(entry);
    } catch {
      // Logging must not take the bridge down.
    }
  }
}
