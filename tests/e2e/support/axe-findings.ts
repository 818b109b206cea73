/**
 * axe-core's blocking findings (critical, serious, moderate) on the page as it is now, through
 * @axe-core/playwright. It evaluates axe over the DevTools protocol, so the specs run under
 * the app's own CSP, as users do.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const BLOCKING = new Set(['critical', 'serious', 'moderate']);

export interface AxeFinding {
  screen: string;
  id: string;
  impact: string;
  targets: string[];
}

/** `include`: a CSS selector to audit only that part of the page (with what it needs of the rest). */
export async function axeFindings(page: Page, screen: string, include?: string): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page });
  if (include !== undefined) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .map((v) => ({ screen, id: v.id, impact: v.impact ?? 'unknown', targets: v.nodes.map((n) => n.target.join(' ')) }))
    .filter((finding) => BLOCKING.has(finding.impact));
}
