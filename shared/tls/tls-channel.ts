import type { ByteChannel } from '../pop3/index.ts';
import { classifyHandshakeFailure } from './classify-failure.ts';
import { FirstRecordAlert } from './first-record-alert.ts';
import { LazyReadFunctionReadQueue, startTls } from './subtls-binding.js';
import { TlsError } from './tls-error.ts';
import type { TrustStore } from './trust-store.ts';

export interface TlsChannelOptions {
  /** The name the certificate must carry: the account's, never one the bridge chose later. */
  host: string;
  trust: TrustStore;
}

type TlsConnection = Awaited<ReturnType<typeof startTls>>;

/**
 * TLS 1.3 over a ByteChannel (the tunnel's, relaying raw bytes), as a ByteChannel: the POP3
 * session above it does not change. Resolves once the server is authenticated (chain, host
 * name, CertificateVerify, Finished); nothing of the caller's is sent before. Any failure is a
 * TlsError with a stable code; there is no way to continue past one.
 */
export async function startTlsChannel(inner: ByteChannel, options: TlsChannelOptions): Promise<ByteChannel> {
  // subtls compares host names byte for byte, and certificates carry them in lower case.
  const host = options.host.toLowerCase().replace(/\.$/, '');
  const alert = new FirstRecordAlert();
  /** An error of the channel below (a timeout, a dropped tunnel): passed up as it is. */
  let innerError: unknown = null;
  const queue = new LazyReadFunctionReadQueue(async () => {
    try {
      const bytes = await inner.read();
      if (bytes !== null) alert.observe(bytes);
      return bytes ?? undefined;
    } catch (error) {
      innerError ??= error;
      throw error;
    }
  });
  let connection: TlsConnection;
  try {
    connection = await startTls(host, options.trust.database, (bytes, mode) => queue.read(bytes, mode), (data) => inner.write(data), {
      requireServerTlsExtKeyUsage: true,
      requireDigitalSigKeyUsage: true,
    });
  } catch (error) {
    inner.close();
    if (innerError !== null) throw innerError;
    const code = classifyHandshakeFailure(error, alert.description);
    throw new TlsError(code, `TLS with ${host}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return new TlsByteChannel(inner, connection, () => innerError);
}

class TlsByteChannel implements ByteChannel {
  readonly #inner: ByteChannel;
  readonly #connection: TlsConnection;
  readonly #innerError: () => unknown;
  /** subtls numbers records as it encrypts them: one write at a time keeps them in order. */
  #writes: Promise<void> = Promise.resolve();
  #failure: unknown = null;

  constructor(inner: ByteChannel, connection: TlsConnection, innerError: () => unknown) {
    this.#inner = inner;
    this.#connection = connection;
    this.#innerError = innerError;
  }

  write(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.#writes = this.#writes
      .then(() => this.#connection.write(copy))
      .catch((error: unknown) => {
        this.#failure ??= this.#toError(error);
        this.#inner.close();
      });
  }

  async read(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.#failure !== null) throw this.#failure;
      let bytes: Uint8Array | undefined;
      try {
        bytes = await this.#connection.read();
      } catch (error) {
        this.#failure ??= this.#toError(error);
        this.#inner.close();
        throw this.#failure;
      }
      if (bytes === undefined) return null;
      // An empty application-data record is legal (RFC 8446 §5.4); the session wants bytes.
      if (bytes.length > 0) return bytes;
    }
  }

  close(): void {
    this.#inner.close();
  }

  #toError(error: unknown): unknown {
    const inner = this.#innerError();
    if (inner !== null) return inner;
    return new TlsError('TLS_ERR_RECORD', `TLS record from the mail server: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
