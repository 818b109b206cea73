// The web-standard globals that shared/ may use. shared/ compiles without DOM or Node
// types so that nothing environment-specific slips in; these are present in browsers,
// workers and Node >= 20 alike.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare const crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
  readonly subtle: {
    importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: string; hash?: string }, extractable: boolean, usages: string[]): Promise<unknown>;
    sign(algorithm: string | { name: string }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
    digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
    deriveBits(algorithm: { name: string; salt: Uint8Array; iterations: number; hash: string }, key: unknown, length: number): Promise<ArrayBuffer>;
  };
};
