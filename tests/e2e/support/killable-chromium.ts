/**
 * A Chromium that can be killed the way a crash or the OOM killer kills it: SIGKILL to the
 * whole browser (every process of it), with no chance to flush or say goodbye. Playwright's
 * launchPersistentContext hides its process, so this spawns /usr/bin/chromium itself, in its
 * own process group, on a profile folder that outlives it, and attaches over CDP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { registerExitKill, unregisterExitKill } from '../../support/exit-kill.ts';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './chromium.ts';

/** Chromium writes the port it chose for --remote-debugging-port=0 here, in the profile. */
const DEVTOOLS_PORT_FILE = 'DevToolsActivePort';
const START_TIMEOUT_MS = 15_000;

export class KillableChromium {
  readonly browser: Browser;
  /** The profile's default context: the one whose IndexedDB lives in the profile folder. */
  readonly context: BrowserContext;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  private constructor(browser: Browser, child: ChildProcess, exited: Promise<void>) {
    this.browser = browser;
    this.context = browser.contexts()[0]!;
    this.#child = child;
    this.#exited = exited;
  }

  /** Starts headless Chromium on `profileDir` (created if missing, reused as it is otherwise). */
  static async launch(profileDir: string): Promise<KillableChromium> {
    // A port file left by a killed browser would point at a dead port.
    await rm(join(profileDir, DEVTOOLS_PORT_FILE), { force: true });
    const child = spawn(CHROMIUM_EXECUTABLE, [
      '--headless',
      ...CHROMIUM_ARGS,
      // Playwright's own launches add these; without them a headless tab's timers may be throttled.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--no-default-browser-check',
      '--password-store=basic',
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      'about:blank',
    ], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    registerExitKill(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 8_000) stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const endpoint = await waitForDevToolsEndpoint(profileDir, child);
      const browser = await chromium.connectOverCDP(endpoint);
      return new KillableChromium(browser, child, exited);
    } catch (error) {
      killGroup(child);
      throw new Error(`Chromium did not start on ${profileDir}: ${(error as Error).message}\n${stderr}`);
    }
  }

  get pid(): number {
    return this.#child.pid!;
  }

  /** SIGKILL to every process of this browser; resolves once they are all gone. */
  async kill(): Promise<void> {
    killGroup(this.#child);
    await this.#exited;
    await waitForGroupGone(this.pid);
    unregisterExitKill(this.#child);
    // The CDP socket died with the browser; this only settles Playwright's side.
    await this.browser.close().catch(() => undefined);
  }
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Waits until no process of the group still runs. Zombies count as gone: they are dead, and
 * here they are reparented to a PID 1 that may take seconds to reap them.
 */
async function waitForGroupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (!(await groupHasLiveProcess(pgid))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Chromium's process group ${pgid} survived SIGKILL for 5 s`);
}

async function groupHasLiveProcess(pgid: number): Promise<boolean> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // proc(5): "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

async function waitForDevToolsEndpoint(profileDir: string, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    const text = await readFile(join(profileDir, DEVTOOLS_PORT_FILE), 'utf8').catch(() => '');
    // Two lines: the port, then the browser target's path. Written whole only once both are known.
    const [port, path] = text.split('\n');
    if (port && path) return `ws://127.0.0.1:${port}${path}`;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${DEVTOOLS_PORT_FILE} after ${START_TIMEOUT_MS} ms`);
}
