/** One structured log line. Values are scalars; the logger drops anything else. */
export type LogEntry = Record<string, unknown>;

/** Where log entries go: JSON lines on stdout by default, an array in tests. */
export type LogSink = (entry: LogEntry) => void;
