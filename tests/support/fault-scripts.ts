/**
 * Ready-made scripts for startFaultServer: each one is a POP3 server that is correct in
 * every respect but one. Pass them to startFaultServer(script, { tls }) as needed.
 */
import type { FaultSession } from './fault-server.ts';

const GREETING = '+OK fault-server ready\r\n';

/** A minimal mailbox the scripts serve after login: two messages, 4 and 6 lines. */
export const FAULT_MAILBOX = [
  'Subject: one\r\n\r\nfirst body\r\n',
  'Subject: two\r\n\r\nsecond body line 1\r\n..dot-stuffed line\r\nlast\r\n',
] as const;

function octets(text: string): number {
  return Buffer.byteLength(text, 'latin1');
}

function capa(options: { stls: boolean }): string {
  return ['+OK Capability list follows', 'USER', 'UIDL', 'TOP', 'RESP-CODES', 'PIPELINING', ...(options.stls ? ['STLS'] : []), '.', ''].join('\r\n');
}

/**
 * Answers the ordinary POP3 commands honestly over whatever the session is (plain or TLS)
 * until QUIT or EOF. `onRetr` may take over a RETR; return true when it did.
 */
async function serveMailbox(
  session: FaultSession,
  options: { stls: boolean; onStls?: () => Promise<'done' | 'continue'>; onRetr?: (msg: number) => boolean },
): Promise<void> {
  for (;;) {
    const line = await session.readLine();
    if (line === null) return;
    const [verb = '', argument] = line.split(' ');
    const msg = Number(argument);
    const body = FAULT_MAILBOX[msg - 1];
    switch (verb.toUpperCase()) {
      case 'CAPA':
        session.write(capa({ stls: options.stls }));
        break;
      case 'STLS':
        if (!options.onStls) session.write('-ERR STLS not supported\r\n');
        else if ((await options.onStls()) === 'done') return;
        break;
      case 'USER':
        session.write('+OK\r\n');
        break;
      case 'PASS':
        session.write('+OK logged in\r\n');
        break;
      case 'STAT':
        session.write(`+OK ${FAULT_MAILBOX.length} ${FAULT_MAILBOX.reduce((sum, m) => sum + octets(m), 0)}\r\n`);
        break;
      case 'LIST':
        session.write(`+OK\r\n${FAULT_MAILBOX.map((m, i) => `${i + 1} ${octets(m)}\r\n`).join('')}.\r\n`);
        break;
      case 'UIDL':
        session.write(`+OK\r\n${FAULT_MAILBOX.map((_, i) => `${i + 1} fault-uid-${i + 1}\r\n`).join('')}.\r\n`);
        break;
      case 'RETR':
        if (body === undefined) session.write('-ERR no such message\r\n');
        else if (!options.onRetr?.(msg)) session.write(`+OK ${octets(body)} octets\r\n${body}.\r\n`);
        break;
      case 'NOOP':
        session.write('+OK\r\n');
        break;
      case 'QUIT':
        session.write('+OK bye\r\n');
        return;
      default:
        session.write('-ERR unknown command\r\n');
    }
  }
}

/** A server whose CAPA has no STLS, and which answers STLS with -ERR: STLS must be refused as unavailable. */
export async function serverWithoutStls(session: FaultSession): Promise<void> {
  session.write(GREETING);
  await serveMailbox(session, { stls: false });
}

/** A server that advertises STLS in CAPA and then answers STLS with -ERR. */
export async function serverRefusingStls(session: FaultSession): Promise<void> {
  session.write(GREETING);
  await serveMailbox(session, {
    stls: true,
    onStls: async () => {
      session.write('-ERR [SYS/TEMP] TLS is broken today\r\n');
      return 'continue';
    },
  });
}

/**
 * The injection a man in the middle (or a buggy server) can pull: `+OK injected` arrives
 * in the same write as the STLS `+OK`, i.e. before the handshake. After TLS the server
 * answers honestly (CAPA with no STLS, as after a real upgrade), so a test can prove the
 * injected line never reaches the client as a response.
 */
export const INJECTED_LINE = '+OK injected\r\n';

export async function serverInjectingAfterStls(session: FaultSession): Promise<void> {
  session.write(GREETING);
  await serveMailbox(session, {
    stls: true,
    onStls: async () => {
      session.write(`+OK Begin TLS negotiation\r\n${INJECTED_LINE}`);
      await session.startTls();
      // RFC 2595 §4: no new greeting after TLS; the client sends CAPA again.
      await serveMailbox(session, { stls: false });
      return 'done';
    },
  });
}

/**
 * Answers the first `completeRetrs` RETRs in full (default 0), then sends the +OK and half
 * of the next message and cuts the connection with a reset: a truncated message must never
 * be stored.
 */
export function serverCuttingMidRetr(completeRetrs = 0): (session: FaultSession) => Promise<void> {
  return async (session) => {
    session.write(GREETING);
    let retrs = 0;
    await serveMailbox(session, {
      stls: false,
      onRetr: (msg) => {
        retrs += 1;
        if (retrs <= completeRetrs) return false;
        const body = FAULT_MAILBOX[msg - 1] ?? '';
        session.write(`+OK ${octets(body)} octets\r\n${body.slice(0, Math.floor(body.length / 2))}`);
        session.destroy();
        return true;
      },
    });
  };
}

/** The first RETR is answered with half a message, then the connection is cut. */
export const serverCuttingFirstRetr = serverCuttingMidRetr(0);
