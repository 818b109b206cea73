/**
 * Starts the real parts once for the whole e2e run: Dovecot (six users), a slow link in
 * front of its implicit-TLS port, and one in-process bridge serving dist/web with the
 * default same-origin policy. Returns the teardown (Playwright runs it after the last test).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { loadConfig, startBridge, type LogEntry } from '../../../bridge/index.ts';
import { dovecotTargets } from '../../support/bridge-fixture.ts';
import { loadCorpus } from '../../support/corpus.ts';
import { startDovecot } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { startLinkEmulator } from '../../support/link-emulator.ts';
import { E2E_ENVIRONMENT_VARIABLE, type E2eEnvironment } from './e2e-environment.ts';
import { bidiMessage } from './bidi-message.ts';
import { hostileCorpusMessageBytes, hostileCorpusMessages } from './hostile-corpora.ts';
import { heavyMessages } from './heavy-messages.ts';
import { selectedKillPoints } from './kill-points.ts';
import { hostileMessage } from './hostile-message.ts';
import { conversationMail, longConversationMail } from './conversation-mail.ts';
import { readingMail } from './reading-mail.ts';
import { pickTravellerMail } from './traveller-mail.ts';
import { FINDER_CJK_MESSAGE } from './finder-mail.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const STATIC_DIR = join(REPO_ROOT, 'dist', 'web');

/** The slow link: slow enough that a sync of `bulk` takes seconds, fast enough to finish twice. */
const SLOW_LINK = { delayMs: 25, bandwidthBitsPerSecond: 4_000_000 };

function corpusMessage(corpus: ReadonlyArray<{ name: string; bytes: Uint8Array }>, name: string): Uint8Array {
  const found = corpus.find((message) => message.name === name);
  if (found === undefined) throw new Error(`the corpus has no ${name}`);
  return found.bytes;
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) {
    throw new Error(`${STATIC_DIR}/index.html is missing: run \`npm run build\` before the e2e suite`);
  }
  const corpus = await loadCorpus();
  const travel = await pickTravellerMail(corpus);
  const users = {
    reader: { user: 'reader', password: 'reader-secret', messages: corpus.map((message) => message.bytes) },
    traveller: { user: 'traveller', password: 'traveller-secret', messages: [travel.plain.bytes, travel.html.bytes, travel.withAttachment.bytes] },
    hostile: { user: 'hostile', password: 'hostile-secret', messages: [hostileMessage()] },
    deleter: { user: 'deleter', password: 'deleter-secret', messages: generateMailbox({ count: 12, seed: 6 }) },
    keeper: { user: 'keeper', password: 'keeper-secret', messages: generateMailbox({ count: 6, seed: 7 }) },
    bulk: { user: 'bulk', password: 'bulk-secret', messages: generateMailbox({ count: 160, seed: 5 }) },
    flaky: { user: 'flaky', password: 'flaky-secret', messages: generateMailbox({ count: 8, seed: 8, largeEvery: 4 }) },
    secure: { user: 'secure', password: 'secure-secret', messages: generateMailbox({ count: 9, seed: 9, largeEvery: 3 }) },
    bidi: { user: 'bidi', password: 'bidi-secret', messages: [bidiMessage()] },
    corpora: { user: 'corpora', password: 'corpora-secret', messages: hostileCorpusMessages().map(hostileCorpusMessageBytes) },
    heavy: { user: 'heavy', password: 'heavy-secret', messages: heavyMessages().map((message) => message.bytes) },
    screens: { user: 'screens', password: 'screens-secret', messages: [travel.plain.bytes, travel.html.bytes, travel.withAttachment.bytes, bidiMessage()] },
    keyboard: { user: 'keyboard', password: 'keyboard-secret', messages: [travel.plain.bytes, travel.html.bytes] },
    shell: { user: 'shell', password: 'shell-secret', messages: [travel.plain.bytes, travel.html.bytes, travel.withAttachment.bytes] },
    finder: { user: 'finder', password: 'finder-secret', messages: [travel.plain.bytes, travel.html.bytes, travel.withAttachment.bytes, corpusMessage(corpus, FINDER_CJK_MESSAGE)] },
    conversation: { user: 'conversation', password: 'conversation-secret', messages: conversationMail(corpus).map((message) => message.bytes) },
    reports: { user: 'reports', password: 'reports-secret', messages: longConversationMail() },
    reading: { user: 'reading', password: 'reading-secret', messages: readingMail().map((m) => m.bytes) },
    walker: { user: 'walker', password: 'walker-secret', messages: readingMail().map((m) => m.bytes) },
    bystander: { user: 'bystander', password: 'bystander-secret', messages: generateMailbox({ count: 2, seed: 22 }) },
  };
  // Spec 13: one maildrop per kill point this run takes, named after it.
  const killUsers = selectedKillPoints().map((point) => ({ user: point.id, password: `${point.id}-secret`, messages: generateMailbox(point.mailbox) }));
  const dovecot = await startDovecot({ users: [...Object.values(users), ...killUsers] });
  const stops: Array<() => Promise<void>> = [() => dovecot.stop()];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error('e2e teardown:', error));
  };
  try {
    const slowLink = await startLinkEmulator({ target: { host: dovecot.host, port: dovecot.pop3sPort }, ...SLOW_LINK });
    stops.push(() => slowLink.close());
    const slowTarget = { name: 'dovecot-slow', label: 'Dovecot, implicit TLS over a slow link', host: dovecot.tlsHostname, port: slowLink.port, tls: 'implicit', allowLocal: true };
    const config = loadConfig(
      {
        listen: { host: '127.0.0.1', port: 0 },
        // allowedOrigins left out: the default, same origin, is what a deployment serving the app uses.
        upstreamCaFile: dovecot.pki.caCertFile,
        targets: [...dovecotTargets(dovecot), slowTarget],
        staticDir: STATIC_DIR,
        // Every browser of the suite comes from 127.0.0.1, and each one spec 13 kills leaves
        // its tunnel parked for resumeGraceMs (120 s) holding a per-IP slot: the default 8
        // refused the ninth kill's next sync with TUNNEL_ERR_TOO_MANY_CONNECTIONS.
        limits: { maxConnectionsPerIp: 64 },
      },
      REPO_ROOT,
    );
    const bridgeLog: LogEntry[] = [];
    const bridge = await startBridge(config, { log: (entry) => bridgeLog.push(entry) });
    stops.push(() => bridge.close());
    const count = (user: keyof typeof users) => ({ user: users[user].user, password: users[user].password, messageCount: users[user].messages.length });
    const environment: E2eEnvironment = {
      baseURL: bridge.url,
      dovecot: {
        host: dovecot.host,
        tlsHostname: dovecot.tlsHostname,
        pop3sPort: dovecot.pop3sPort,
        pop3Port: dovecot.pop3Port,
        caCertFile: dovecot.pki.caCertFile,
        dir: dovecot.dir,
      },
      travellerMail: { plain: travel.plain.name, html: travel.html.name, withAttachment: travel.withAttachment.name },
      targets: { implicitTls: 'dovecot-tls', slow: slowTarget.name },
      users: { reader: count('reader'), traveller: count('traveller'), hostile: count('hostile'), deleter: count('deleter'), keeper: count('keeper'), bulk: count('bulk'), flaky: count('flaky'), secure: count('secure'), bidi: count('bidi'), corpora: count('corpora'), heavy: count('heavy'), screens: count('screens'), keyboard: count('keyboard'), shell: count('shell'), finder: count('finder'), conversation: count('conversation'), reports: count('reports'), reading: count('reading'), walker: count('walker'), bystander: count('bystander') },
      killMatrix: Object.fromEntries(killUsers.map(({ user, password, messages }) => [user, { user, password, messageCount: messages.length }])),
    };
    process.env[E2E_ENVIRONMENT_VARIABLE] = JSON.stringify(environment);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
