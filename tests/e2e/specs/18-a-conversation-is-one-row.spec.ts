/**
 * Three corpus messages that reply to each other (RFC 2822's own example, conversation-mail.ts)
 * show as one row with a count of 3, beside the one message outside the conversation. Opened,
 * the conversation reads as a stack, oldest to newest, the latest open and the older ones
 * opened from the keyboard; axe finds nothing on the stack at desktop and phone sizes, light and dark. The setting turns conversations
 * off, and the choice survives a reload. A conversation of 56 draws its newest 50 and pages back.
 */
import type { Page } from '@playwright/test';
import { axeFindings } from '../support/axe-findings.ts';
import { addAccount, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { LONG_CONVERSATION_SIZE } from '../support/conversation-mail.ts';
import { inEveryLook } from '../support/every-look.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectVisibleFocus, tabTo } from '../support/keyboard-focus.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messageRowByUid, messageRows, selectors } from '../support/selectors.ts';

test('a conversation of three corpus messages is one row with a count, reads as a stack, and the setting turns it off', async ({ page, e2e }) => {
  const user = e2e.users.conversation;
  const uids = await serverUidls(e2e, user);
  expect(uids).toHaveLength(4);
  const [hello, reply, replyToReply, apart] = uids as [string, string, string, string];

  await page.goto('/');
  await addAccount(page, { name: 'Conversation', target: e2e.targets.implicitTls, user });
  await syncNow(page);
  await waitForStoredMessages(page, user, 4, { complete: true });

  // One row for the conversation (its latest message), one for the message outside it.
  await expect(messageRows(page)).toHaveCount(2);
  const row = messageRowByUid(page, replyToReply);
  await expect(row).toHaveAttribute('data-conversation-count', '3');
  await expect(row.getByTestId('row-count')).toHaveText('3 messages');
  await expect(row.getByTestId('row-sender')).toHaveText('John Doe, Mary Smith');
  await expect(row.getByTestId('row-subject')).toHaveText('Re: Saying Hello');
  await expect(messageRowByUid(page, apart)).not.toHaveAttribute('data-conversation-count');

  // Opened: a stack, oldest to newest, only the latest open.
  await row.click();
  const stack = page.getByTestId('conversation-stack');
  await expect(stack).toBeVisible();
  const items = stack.getByTestId('stack-item');
  await expect(items).toHaveCount(3);
  expect(await items.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-uid')))).toEqual([hello, reply, replyToReply]);
  const toggles = stack.getByTestId('stack-toggle');
  await expect(toggles.nth(0)).toHaveAttribute('aria-expanded', 'false');
  await expect(toggles.nth(1)).toHaveAttribute('aria-expanded', 'false');
  await expect(toggles.nth(2)).toHaveAttribute('aria-expanded', 'true');
  await expect(stack.locator(selectors.messageText)).toHaveCount(1);
  await expect(stack.locator(selectors.messageText)).toContainText('This is a reply to your reply.');
  await expect(toggles.nth(0)).toContainText('This is a message just to say hello.');

  // The keyboard opens and folds an older message: Tab reaches its button, Enter opens it.
  await toggles.nth(0).focus();
  await page.keyboard.press('Enter');
  await expect(toggles.nth(0)).toHaveAttribute('aria-expanded', 'true');
  await expect(stack.locator(selectors.messageText).first()).toContainText('This is a message just to say hello.');
  await page.keyboard.press('Tab');
  await expect(toggles.nth(0)).not.toBeFocused();
  await toggles.nth(1).focus();
  await page.keyboard.press('Space');
  await expect(toggles.nth(1)).toHaveAttribute('aria-expanded', 'true');
  await expect(stack.locator(selectors.messageText)).toHaveCount(3);
  await page.keyboard.press('Space');
  await expect(toggles.nth(1)).toHaveAttribute('aria-expanded', 'false');
  await expect(toggles.nth(1)).toBeFocused();

  expect(await inEveryLook(page, (look) => axeFindings(page, `conversation stack (${look})`, '[data-testid="conversation-stack"]'))).toEqual([]);

  // The setting turns conversations off: every message is a row again, after a reload too.
  await page.locator(selectors.settings).first().click();
  const setting = page.getByTestId('pref-conversations');
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await page.locator(selectors.unifiedInbox).click();
  await expect(messageRows(page)).toHaveCount(4);
  await expect(page.locator(`${selectors.messageRow}[data-conversation-count]`)).toHaveCount(0);
  await page.reload();
  await expect(messageRows(page)).toHaveCount(4);
  expect(await page.evaluate(() => localStorage.getItem('satchel.conversations'))).toBe('off');
});

test('a conversation too long to draw at once shows its newest 50, and its older ones a page at a time from the keyboard', async ({ page, e2e }) => {
  const user = e2e.users.reports;
  const uids = await serverUidls(e2e, user);
  expect(uids).toHaveLength(LONG_CONVERSATION_SIZE);

  await page.goto('/');
  await addAccount(page, { name: 'Reports', target: e2e.targets.implicitTls, user });
  await syncNow(page);
  await waitForStoredMessages(page, user, LONG_CONVERSATION_SIZE, { complete: true });
  await expect(messageRows(page)).toHaveCount(1);
  const row = messageRowByUid(page, uids.at(-1)!);
  await expect(row).toHaveAttribute('data-conversation-count', String(LONG_CONVERSATION_SIZE));

  await row.click();
  const stack = page.getByTestId('conversation-stack');
  const items = stack.getByTestId('stack-item');
  await expect(items).toHaveCount(50);
  expect(await items.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-uid')))).toEqual(uids.slice(-50));
  await expect(stack.getByRole('heading', { level: 2 }).first()).toContainText(`(${LONG_CONVERSATION_SIZE} messages)`);
  const older = stack.getByRole('button', { name: 'Show 6 older messages' });
  await expect(older).toBeVisible();
  expect(await inEveryLook(page, (look) => axeFindings(page, `long conversation stack (${look})`, '[data-testid="conversation-stack"]'))).toEqual([]);

  // From the keyboard: Enter on the button draws the rest, and focus goes to the oldest message.
  await tabTo(page, older);
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(LONG_CONVERSATION_SIZE);
  await expect(older).toHaveCount(0);
  const oldest = stack.getByTestId('stack-toggle').first();
  await expect(oldest).toBeFocused();
  await expectVisibleFocus(oldest);
  await expect(oldest).toContainText('Night 1: all 3 checks passed.');
  await page.keyboard.press('Enter');
  await expect(oldest).toHaveAttribute('aria-expanded', 'true');
});
