// Counts the POP3 octets a session reads, for the summary's bytesReceived, whatever the
// channel underneath (the browser's WebSocket does not expose wire bytes).
import type { ByteChannel } from '../../../../../shared/pop3/index.ts';

export function countingChannel(inner: ByteChannel): { channel: ByteChannel; received: () => number } {
  let received = 0;
  return {
    channel: {
      write: (bytes) => inner.write(bytes),
      read: async () => {
        const bytes = await inner.read();
        if (bytes !== null) received += bytes.byteLength;
        return bytes;
      },
      close: () => inner.close(),
    },
    received: () => received,
  };
}
