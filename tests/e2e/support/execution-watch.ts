/**
 * Seeing script run in a message frame, by means the frame's own defences cannot silence.
 *
 * - Hooks: a DevTools init script runs in the main world of every document the app does not
 *   own (the sandboxed srcdoc frame, popups), before the message's markup is parsed, whether
 *   or not the sandbox and CSP let the page run script. It wraps what the corpora call when
 *   they run (alert, prompt, confirm, print, open, document.write, eval, fetch, …) so that a
 *   call logs `satchel-exec: name`. A beacon request would not do: the frame's CSP would
 *   block it before "Show remote content", and the vectors would have to be rewritten.
 * - Chromium's own reports: "Ignored call to 'alert()'" (a sandbox without allow-modals), and
 *   the messages that say a script reached the frame and was stopped there: by the sandbox
 *   ("Blocked script execution") or by the CSP ("Executing inline event handler violates").
 * - The sandbox probe (probeFrameScripting): one inline script put into each message frame,
 *   which shows which layer stopped it, in this frame, in this browser.
 */
import type { BrowserContext, ConsoleMessage, Frame } from '@playwright/test';

const EXEC_PREFIX = 'satchel-exec: ';
const PROBE_PREFIX = 'satchel-probe: ';

/** Runs in the page, serialized by Playwright: it may use nothing from this module's scope. */
function executionHooks(appOrigin: string): void {
  if (location.origin === appOrigin) return;
  const report = (name: string) => console.debug(`satchel-exec: ${name}`);
  const target = window as unknown as Record<string, unknown>;
  const wrap = (owner: Record<string, unknown>, name: string, label = name) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function (this: unknown, ...args: unknown[]) {
      report(label);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  // Not eval or Function: Playwright's own evaluate calls them in the main world.
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open', 'setTimeout', 'setInterval', 'fetch', 'postMessage', 'focus', 'blur', 'close', 'WebSocket', 'EventSource', 'Worker']) wrap(target, name);
  const documentTarget = Document.prototype as unknown as Record<string, unknown>;
  wrap(documentTarget, 'write', 'document.write');
  wrap(documentTarget, 'writeln', 'document.writeln');
  wrap(XMLHttpRequest.prototype as unknown as Record<string, unknown>, 'open', 'XMLHttpRequest.open');
  wrap(Navigator.prototype as unknown as Record<string, unknown>, 'sendBeacon', 'navigator.sendBeacon');
}

export async function installExecutionHooks(context: BrowserContext, appOrigin: string): Promise<void> {
  await context.addInitScript(executionHooks, appOrigin);
}

/**
 * Inserts one inline script into the frame (through DevTools, which the sandbox does not
 * stop) and says whether it ran. With the sandbox intact it cannot, and Chromium reports
 * "Blocked script execution"; were `allow-scripts` added, the frame's CSP would stop it and
 * report a violation (a 'script-blocked-by-csp' verdict), and without that CSP it would run.
 */
export async function probeFrameScripting(frame: Frame): Promise<boolean> {
  return frame.evaluate(() => {
    // Through the prototypes: unsanitized markup can clobber document.createElement or body.
    const body = Object.getOwnPropertyDescriptor(Document.prototype, 'body')?.get?.call(document) as HTMLElement;
    const probe = Document.prototype.createElement.call(document, 'script');
    Object.getOwnPropertyDescriptor(Node.prototype, 'textContent')?.set?.call(probe, 'window.satchelProbeRan = true');
    Node.prototype.appendChild.call(body, probe);
    Node.prototype.removeChild.call(body, probe);
    const ran = (window as unknown as { satchelProbeRan?: unknown }).satchelProbeRan === true;
    console.debug(`satchel-probe: ${ran ? 'ran' : 'did not run'}`);
    return ran;
  });
}

export type ConsoleVerdict =
  /** Script ran: a hook fired, or Chromium ignored a dialog it asked for. */
  | 'execution'
  /** The probe went in (probeFrameScripting). */
  | 'probe'
  /**
   * The sandbox stopped a script. Reported, not judged: Chromium also says this when a
   * click lands in the frame (about four per click here, with or without hostile markup).
   */
  | 'blocked-by-sandbox'
  /** A script reached the frame and the CSP stopped it. */
  | 'script-blocked-by-csp'
  /** A load reached the frame and the CSP stopped it (never left the browser). */
  | 'load-blocked-by-csp'
  | 'other';

export function classifyConsoleMessage(message: ConsoleMessage): ConsoleVerdict {
  const text = message.text();
  if (text.startsWith(EXEC_PREFIX)) return 'execution';
  if (text.startsWith(PROBE_PREFIX)) return text.endsWith(' ran') ? 'execution' : 'probe';
  if (/^Ignored call to '\w+\(\)'/.test(text)) return 'execution';
  if (/^Blocked script execution in /.test(text)) return 'blocked-by-sandbox';
  if (/Content Security Policy/.test(text)) {
    if (/^(Executing inline|Running the JavaScript URL|Evaluating a string|Loading the script|Executing inline event handler|Refused to (execute|evaluate))/.test(text)) return 'script-blocked-by-csp';
    return 'load-blocked-by-csp';
  }
  return 'other';
}
