/**
 * axe-core's blocking findings (critical, serious, moderate) on the page as it is now. axe is
 * injected as a script tag, so the spec must `test.use({ bypassCSP: true })`: the app's CSP
 * rightly refuses inline scripts, and the audit reads the same DOM either way.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BLOCKING = new Set(['critical', 'serious', 'moderate']);

export interface AxeFinding {
  screen: string;
  id: string;
  impact: string;
  targets: string[];
}

/** `include`: a CSS selector to audit only that part of the page (with what it needs of the rest). */
export async function axeFindings(page: Page, screen: string, include?: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (selector) => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run: (context: unknown, options: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(selector === undefined ? document : { include: [selector] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', targets: v.nodes.map((n) => String(n.target.join(' '))) }));
  }, include);
  return violations.filter((v) => BLOCKING.has(v.impact)).map((v) => ({ screen, ...v }));
}
