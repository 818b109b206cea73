/**
 * What a user does in Satchel, as steps the specs share: add an account through the form,
 * sync, open a message. Selectors come from selectors.ts only.
 */
import { expect, type Page } from '@playwright/test';
import type { E2eMailUser } from './e2e-environment.ts';
import { messageRowByUid, selectors } from './selectors.ts';
import { accountIdsOf, messagesOf, readStoredMail, type StoredMessage } from './stored-mail.ts';

export interface AccountForm {
  /** Shown in the account list. */
  name: string;
  /** A bridge target name (GET /targets). */
  target: string;
  user: E2eMailUser;
  /** After download (PolicyFields); default: the form's default, leave mail on the server. */
  policy?: 'leave' | 'delete-when-deleted-here';
  /** Tick "remember" (the password vault), when the form allows it. */
  remember?: boolean;
}

/** Fills the add-account form and saves; resolves once the account is listed. */
export async function addAccount(page: Page, form: AccountForm): Promise<void> {
  await fillAccountForm(page, form);
  await page.locator(selectors.accountSave).click();
  await expect(page.locator(selectors.accountItem).filter({ hasText: form.name })).toBeVisible();
}

/** Opens the add-account form and fills it, without saving (saving starts the first sync). */
export async function fillAccountForm(page: Page, form: AccountForm): Promise<void> {
  await page.locator(selectors.addAccount).click();
  await page.locator(selectors.accountName).fill(form.name);
  await page.locator(selectors.accountTarget).selectOption(form.target);
  await page.locator(selectors.accountUser).fill(form.user.user);
  await page.locator(selectors.accountPassword).fill(form.user.password);
  if (form.remember === true) await page.locator(selectors.accountRemember).check();
  if (form.policy !== undefined) await page.locator(selectors.policyRadio(form.policy)).check();
}

/**
 * Clicks "sync now". When the app asks for a password it does not hold (not remembered,
 * page reopened), `user`'s is typed into the prompt.
 */
export async function syncNow(page: Page, user?: E2eMailUser): Promise<void> {
  await page.locator(selectors.syncNow).first().click();
  if (user === undefined) return;
  const prompt = page.locator(selectors.passwordPrompt);
  const asked = await prompt.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
  if (!asked) return;
  await prompt.locator('input[type="password"]').fill(user.password);
  await prompt.locator('button[type="submit"], input[type="submit"]').first().click();
}

/**
 * Syncs and waits until the account's sync-state records a sync that finished after the
 * click (or an error code). Returns that error code, null for a clean sync.
 */
export async function syncAndWait(page: Page, user: E2eMailUser, options: { timeout?: number } = {}): Promise<string | null> {
  const clickedAt = await page.evaluate(() => Date.now());
  await syncNow(page, user);
  let errorCode: string | null = null;
  await expect
    .poll(
      async () => {
        const mail = await readStoredMail(page);
        const ids = accountIdsOf(mail, user.user);
        const state = mail.syncStates.find((s) => ids.has(s.accountId));
        errorCode = state?.lastErrorCode ?? null;
        return (state?.lastSyncAt ?? 0) >= clickedAt || errorCode !== null;
      },
      { message: `a sync of ${user.user} finishes`, timeout: options.timeout ?? 30_000, intervals: [100, 250] },
    )
    .toBe(true);
  return errorCode;
}

/**
 * Waits until the account's stored messages number `count` (and, with `complete`, every one
 * holds its whole body), reading IndexedDB, not the UI. Returns them.
 */
export async function waitForStoredMessages(page: Page, user: E2eMailUser, count: number, options: { complete?: boolean; timeout?: number } = {}): Promise<StoredMessage[]> {
  let messages: StoredMessage[] = [];
  await expect
    .poll(
      async () => {
        messages = messagesOf(await readStoredMail(page), user.user);
        const done = options.complete ? messages.filter((m) => m.state === 'complete').length : messages.length;
        return done;
      },
      { message: `${user.user}: ${count} messages stored${options.complete ? ' whole' : ''}`, timeout: options.timeout ?? 30_000, intervals: [100, 250, 500] },
    )
    .toBe(count);
  return messages;
}

/** Scrolls the virtualized list until the row for `uid` is rendered, then clicks it. */
export async function openMessage(page: Page, uid: string): Promise<void> {
  const row = messageRowByUid(page, uid);
  const list = page.locator(selectors.messageList);
  for (let step = 0; step < 200 && (await row.count()) === 0; step++) {
    const atEnd = await list.evaluate((element) => {
      const before = element.scrollTop;
      element.scrollTop += Math.max(element.clientHeight - 40, 40);
      return element.scrollTop === before;
    });
    if (atEnd) break;
  }
  await row.click();
}

/** Opens each message and deletes it here, waiting until its record says so (spec 06 has its own copy). */
export async function deleteHere(page: Page, user: E2eMailUser, uids: string[]): Promise<void> {
  for (const uid of uids) {
    await openMessage(page, uid);
    await page.locator(selectors.deleteHere).click();
    await expect
      .poll(async () => messagesOf(await readStoredMail(page), user.user, { withDeletedHere: true }).find((m) => m.uid === uid)?.deletedLocally, { message: `${uid} deleted here`, intervals: [25, 50, 100] })
      .toBe(true);
  }
}
