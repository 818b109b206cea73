// A server that lists PIPELINING and then drops pipelined commands (it reads one and throws
// away what else was already sent) leaves its client waiting for answers that never come, as
// silent as a server stuck on one message. They differ in one thing: the dropping server is
// idle, waiting for a command. So once a pipelined answer has been due for `silenceMs` of
// the server's silence on a live link, this sends a NOOP the session knows nothing about. A stuck server answers
// nothing, and the tunnel's server-silence timeout ends the sync as before; an idle one
// answers at once. Any byte after the probe ends the session with SYNC_ERR_PIPELINING_STALLED:
// the stream now holds an answer the session never asked for, so runSync starts over on a new
// connection, one command at a time.
import type { ByteChannel } from '../../../../../shared/pop3/index.ts';
import { SyncFailure } from '../sync-error-codes.ts';

export interface PipeliningProbeOptions {
  /** How long the server may be silent while a pipelined answer is due before the probe. */
  silenceMs: number;
  /** Pop3Session.awaitingPipelinedAnswer. */
  awaitingPipelinedAnswer: () => boolean;
  /** ResumableTunnel.serverSilentForMs: the server's silence, never the link's. */
  serverSilentForMs: () => number;
}

const NOOP = Uint8Array.from('NOOP\r\n', (c) => c.charCodeAt(0));

export function pipeliningProbe(inner: ByteChannel, options: PipeliningProbeOptions): ByteChannel {
  let probed = false;
  const check = Math.max(10, Math.floor(options.silenceMs / 4));
  return {
    write: (bytes) => inner.write(bytes),
    close: () => inner.close(),
    read: async () => {
      const timer = probed
        ? null
        : setInterval(() => {
            if (probed || !options.awaitingPipelinedAnswer() || options.serverSilentForMs() < options.silenceMs) return;
            probed = true;
            inner.write(NOOP);
          }, check);
      try {
        const bytes = await inner.read();
        if (probed && bytes !== null) {
          inner.close();
          throw new SyncFailure('SYNC_ERR_PIPELINING_STALLED', `the server left pipelined commands unanswered for ${options.silenceMs} ms and answered a probe`);
        }
        return bytes;
      } finally {
        if (timer !== null) clearInterval(timer);
      }
    },
  };
}
