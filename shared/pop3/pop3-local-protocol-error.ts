import { Pop3Error } from './pop3-error.ts';

/** We broke the protocol: the command cannot be sent now, or its arguments are unsafe. */
export class Pop3LocalProtocolError extends Pop3Error {
  constructor(...args: ConstructorParameters<typeof Pop3Error>) {
    super(...args);
    this.name = 'Pop3LocalProtocolError';
  }
}
