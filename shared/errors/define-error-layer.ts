// One way to define an error layer (DESIGN.md "Errors"): a table of stable codes, each with
// its side and a summary, and the layer's Error class built from it. Every layer's table and
// class come from here, so they cannot drift apart in shape, and docs/ERROR-CODES.md reads
// the same tables.

type ErrorSide = 'local' | 'remote';

interface ErrorCodeInfo {
  readonly side: ErrorSide;
  readonly summary: string;
}

export type ErrorCodeTable = Readonly<Record<string, ErrorCodeInfo>>;

interface LayerError<Code extends string> extends Error {
  readonly code: Code;
  readonly side: ErrorSide;
}

export interface ErrorLayer<Code extends string> {
  readonly codes: Readonly<Record<Code, ErrorCodeInfo>>;
  /** The layer's Error class: `new Layer.Error(code, message?, options?)`; subclass it freely. */
  readonly Error: new (code: Code, message?: string, options?: ErrorOptions) => LayerError<Code>;
  isCode(code: unknown): code is Code;
}

/**
 * Builds a layer from its table. `name` is the class's name; a subclass gets its own
 * (new.target), so a thrown error says which kind it is.
 */
export function defineErrorLayer<const Table extends ErrorCodeTable>(name: string, codes: Table): ErrorLayer<keyof Table & string> {
  type Code = keyof Table & string;
  class LayerErrorClass extends Error implements LayerError<Code> {
    readonly code: Code;
    readonly side: ErrorSide;

    constructor(code: Code, message: string = codes[code]!.summary, options?: ErrorOptions) {
      super(message, options);
      this.name = new.target === LayerErrorClass ? name : new.target.name;
      this.code = code;
      this.side = codes[code]!.side;
    }
  }
  return {
    codes,
    Error: LayerErrorClass,
    isCode: (code: unknown): code is Code => typeof code === 'string' && Object.hasOwn(codes, code),
  };
}
