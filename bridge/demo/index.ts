/**
 * The demo mailbox server: a small, honest POP3 server (RFC 1939, CAPA per RFC 2449, SASL
 * PLAIN per RFC 5034) on 127.0.0.1 over the sample messages in ./mailbox. bridge/main.ts
 * starts it when there is no SATCHEL_CONFIG and publishes it as the plaintext target `demo`.
 *
 * Demo credentials: any user name, password `demo`.
 */
export { startDemoPop3Server } from './demo-pop3-server.ts';
export type { DemoPop3Server } from './demo-pop3-server.ts';
export { DEMO_PASSWORD } from './demo-pop3-conversation.ts';
export { loadDemoMailbox } from './mailbox-loader.ts';
export type { DemoMessage } from './mailbox-loader.ts';
