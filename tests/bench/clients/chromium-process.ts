/**
 * The bench's Chromium as its own process with a DevTools port, so Playwright can connect for
 * the setup and disconnect for the timed sync (see cdp-page.ts for why), while the profile,
 * the page and the app's Worker live on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../e2e/support/chromium.ts';
import { spkiSha256 } from '../../e2e/support/trusted-certificate.ts';

/** What Playwright's own launch adds that bears on a page doing work while nobody watches. */
const QUIET_ARGS = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-field-trial-config',
  '--disable-breakpad',
  '--no-default-browser-check',
  '--remote-debugging-port=0',
];

export interface ChromiumProcess {
  /** http://127.0.0.1:<port>, for chromium.connectOverCDP and /json/list. */
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startChromium(profileDir: string, options: { trustCertificatePem?: string | null; timeoutMs?: number } = {}): Promise<ChromiumProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const trust = options.trustCertificatePem ? [`--ignore-certificate-errors-spki-list=${spkiSha256(options.trustCertificatePem)}`] : [];
  const child: ChildProcess = spawn(CHROMIUM_EXECUTABLE, [...CHROMIUM_ARGS, ...QUIET_ARGS, ...trust, `--user-data-dir=${profileDir}`, 'about:blank'], { detached: true, stdio: 'ignore' });
  const portFile = join(profileDir, 'DevToolsActivePort');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (child.exitCode !== null) throw new Error(`chromium exited with ${child.exitCode} before opening its DevTools port`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('chromium did not open its DevTools port');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // Its helper processes (zygote, renderers) share its process group: none may outlive it.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
