// The part of subtls 0.5.0 (pinned exactly in package.json) that Satchel uses; see subtls-binding.js.

/** subtls's parsed root store; opaque to Satchel. */
export interface RootCertsDatabase {
  readonly index: unknown;
  readonly data: Uint8Array;
}

export declare class TrustedCert {
  static databaseFromPEM(pem: string): Promise<RootCertsDatabase>;
}

export declare class LazyReadFunctionReadQueue {
  constructor(readFn: () => Promise<Uint8Array | undefined>);
  read(bytes: number, readMode?: number): Promise<Uint8Array | undefined>;
}

export declare function startTls(
  host: string,
  rootCertsDatabase: RootCertsDatabase,
  networkRead: (bytes: number, readMode?: number) => Promise<Uint8Array | undefined>,
  networkWrite: (data: Uint8Array) => void,
  options?: { useSNI?: boolean; requireServerTlsExtKeyUsage?: boolean; requireDigitalSigKeyUsage?: boolean },
): Promise<{
  readonly read: () => Promise<Uint8Array | undefined>;
  readonly write: (data: Uint8Array) => Promise<void>;
}>;
