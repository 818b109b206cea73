/**
 * HAProxy (Debian `haproxy`) in front of bridges, from the shipped template
 * (deploy/haproxy/satchel.cfg.template, rendered by scripts/haproxy-config.ts): TLS ends at
 * HAProxy with the test PKI's localhost certificate, and it runs in the foreground (-db) in
 * its own process group under a mkdtemp folder, so nothing outlives the test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHaproxyConfig, type HaproxyBridge } from '../../scripts/haproxy-config.ts';
import { registerExitKill, unregisterExitKill } from './exit-kill.ts';
import { findFreePorts } from './free-ports.ts';
import type { TestPki } from './test-pki.ts';
import { waitForPort } from './wait-for-port.ts';

export interface HaproxyBalancer {
  /** Where clients connect: https on 127.0.0.1. */
  port: number;
  /** What HAProxy wrote (its log goes to stdout). */
  output(): string;
  stop(): Promise<void>;
}

export interface HaproxyOptions {
  bridges: HaproxyBridge[];
  pki: TestPki;
  /** The address HAProxy connects to the bridges from; the bridges' trustProxy lists it. */
  source: string;
}

export async function startHaproxy(options: HaproxyOptions): Promise<HaproxyBalancer> {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-haproxy-'));
  // HAProxy takes the certificate chain and its key from one PEM file.
  const certificate = join(dir, 'satchel.pem');
  writeFileSync(certificate, readFileSync(options.pki.serverCertFile, 'utf8') + readFileSync(options.pki.serverKeyFile, 'utf8'), { mode: 0o600 });
  const [port] = await findFreePorts(1);
  const configFile = join(dir, 'haproxy.cfg');
  writeFileSync(configFile, renderHaproxyConfig({
    bind: `127.0.0.1:${port}`,
    certificate,
    bridges: options.bridges,
    source: options.source,
    // HAProxy wants 2 file descriptors per connection and may not raise its limit here (not root in CI).
    maxConnections: 2000,
  }));
  const child = spawn('/usr/sbin/haproxy', ['-db', '-f', configFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  registerExitKill(child, dir);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    alive = false;
    resolve();
  }));
  try {
    await Promise.race([waitForPort('127.0.0.1', port!, 10_000), exited]);
    if (!alive) throw new Error(`haproxy exited at start: ${output}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port: port!,
    output: () => output,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
      unregisterExitKill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
