/**
 * Chromium keeps ISO-2022-JP decoder state across non-streaming decode() calls, so a reused
 * `new TextDecoder('iso-2022-jp')` puts U+FFFD before the text from its second call on. The
 * Encoding Standard (§7.2 decode) gives every non-streaming call a fresh decoder; postal-mime
 * shares one decoder per charset, which is safe everywhere but here, so Japanese subjects and
 * bodies came out with a leading "�".
 *
 * This wraps the global TextDecoder so that, for ISO-2022-JP only, each non-streaming decode()
 * runs on a fresh native decoder. Install it before postal-mime decodes anything, in the page
 * and in the sync worker.
 */
export function installFreshIso2022JpDecoder(scope: { TextDecoder: typeof TextDecoder } = globalThis): void {
  const Native = scope.TextDecoder;
  if ((Native as { freshIso2022Jp?: boolean }).freshIso2022Jp) return;

  class FreshIso2022JpTextDecoder extends Native {
    static readonly freshIso2022Jp = true;
    readonly #label: string | undefined;
    readonly #options: TextDecoderOptions | undefined;
    /** Inside a streamed sequence the native decoder must keep its state until the final call. */
    #midStream = false;

    constructor(label?: string, options?: TextDecoderOptions) {
      super(label, options);
      this.#label = label;
      this.#options = options;
    }

    override decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
      if (this.encoding !== 'iso-2022-jp') return super.decode(input, options);
      if (options?.stream || this.#midStream) {
        this.#midStream = options?.stream === true;
        return super.decode(input, options);
      }
      return new Native(this.#label, this.#options).decode(input);
    }
  }

  scope.TextDecoder = FreshIso2022JpTextDecoder;
}
