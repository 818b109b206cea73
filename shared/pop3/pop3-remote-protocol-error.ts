import { Pop3Error } from './pop3-error.ts';

/** The server broke the protocol or one of our limits. The client is unusable afterwards. */
export class Pop3RemoteProtocolError extends Pop3Error {
  constructor(...args: ConstructorParameters<typeof Pop3Error>) {
    super(...args);
    this.name = 'Pop3RemoteProtocolError';
  }
}
