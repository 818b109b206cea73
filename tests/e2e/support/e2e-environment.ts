/**
 * What the global setup started, handed to the test workers through one environment
 * variable (Playwright starts its workers after the global setup, so they inherit it).
 */

export const E2E_ENVIRONMENT_VARIABLE = 'SATCHEL_E2E_ENVIRONMENT';

export interface E2eMailUser {
  user: string;
  password: string;
  /** Messages delivered at start, in order: message number n is messages[n - 1]. */
  messageCount: number;
}

export interface E2eEnvironment {
  /** The bridge serving dist/web at `/`, same origin as /targets and /tunnel. */
  baseURL: string;
  dovecot: {
    host: string;
    tlsHostname: string;
    pop3sPort: number;
    pop3Port: number;
    caCertFile: string;
    /** Dovecot's temporary folder (maildirs live under it). */
    dir: string;
  };
  /** Corpus names (CorpusMessage.name) of the traveller's messages 1, 2 and 3. */
  travellerMail: { plain: string; html: string; withAttachment: string };
  /** Bridge target names, as GET /targets lists them. */
  targets: {
    /** Dovecot over implicit TLS, direct. */
    implicitTls: string;
    /** Dovecot over implicit TLS through the slow link emulator. */
    slow: string;
  };
  users: {
    /** The shared real-world corpus (loadCorpus order). */
    reader: E2eMailUser;
    /** Three corpus messages (plain, HTML, with an attachment), in `travellerMail` order. */
    traveller: E2eMailUser;
    /** One hostile HTML message (hostile-message.ts). */
    hostile: E2eMailUser;
    /** A small generated mailbox for the delete-policy spec (it empties it). */
    deleter: E2eMailUser;
    /** A small generated mailbox whose account asks for deletion without persistent storage. */
    keeper: E2eMailUser;
    /** A larger generated mailbox for the tab-killed spec, served through the slow link. */
    bulk: E2eMailUser;
    /** A few megabyte-sized messages for the flaky-link spec, which cuts a download midway. */
    flaky: E2eMailUser;
    /** A few megabyte-sized messages among small ones, for the spec that syncs over https and wss. */
    secure: E2eMailUser;
    /** One message whose attachment name and From display name hold U+202E (bidi-message.ts). */
    bidi: E2eMailUser;
    /** Hostile HTML from public corpora, a few dozen vectors a message (hostile-corpora.ts). */
    corpora: E2eMailUser;
    /** HTML messages that are cheap to send and costly to render (heavy-messages.ts), for spec 11. */
    heavy: E2eMailUser;
    /** Three traveller messages and the bidi one, for the axe pass over every screen (spec 12). */
    screens: E2eMailUser;
    /** Two corpus messages (plain, HTML) for the keyboard-only spec. */
    keyboard: E2eMailUser;
    /** Three traveller messages for the shell spec (20): axe in both themes and sizes, shortcuts, connection status. */
    shell: E2eMailUser;
    /** The traveller's three corpus messages and a Japanese one (finder-mail.ts), for the search spec (16). */
    finder: E2eMailUser;
    /** A conversation of three corpus messages and one unrelated message (conversation-mail.ts), for spec 18. */
    conversation: E2eMailUser;
    /** One conversation longer than the stack draws at first (conversation-mail.ts), for spec 18. */
    reports: E2eMailUser;
    /** Five small messages (reading-mail.ts) for spec 19: focus, delete and undo, touch sizes, a long HTML letter, a photo. */
    reading: E2eMailUser;
    /** Spec 22's account walked with the keyboard: the same five messages as `reading`. */
    walker: E2eMailUser;
    /** Two small messages: spec 22's other account, so the sidebar has one to pass over. */
    bystander: E2eMailUser;
  };
  /** Spec 13's maildrops, one per kill point this run takes (kill-points.ts), keyed by the point's id (also the user name). */
  killMatrix: Record<string, E2eMailUser>;
}

export function readE2eEnvironment(): E2eEnvironment {
  const text = process.env[E2E_ENVIRONMENT_VARIABLE];
  if (text === undefined || text === '') {
    throw new Error(`${E2E_ENVIRONMENT_VARIABLE} is not set: run the e2e suite through playwright.config.ts, whose global setup starts Dovecot and the bridge`);
  }
  return JSON.parse(text) as E2eEnvironment;
}
