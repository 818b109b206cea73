/**
 * Reading mail with the keyboard on a desktop and with a finger on a 390×844 phone (issue 19):
 * focus goes into the reader (its heading) when a message is opened and back to its row on
 * Escape; on a wide window the reading pane follows the arrow keys; delete moves on to the
 * next message and offers an Undo reached from the keyboard; header addresses are mailto:
 * links; a long HTML letter's frame fills the pane, and the letter can be read as plain text; the reader's buttons are at least
 * 44×44 px on a touch screen; an attached photo is previewed from its stored bytes; and
 * axe-core finds nothing critical, serious or moderate in the reader at either size.
 */
import type { Page } from '@playwright/test';
import { addAccount, waitForStoredMessages } from '../support/app-actions.ts';
import { axeFindings } from '../support/axe-findings.ts';
import { expect, test } from '../support/fixtures.ts';
import { tabTo } from '../support/keyboard-focus.ts';
import { LONG_LETTER, PHOTO_MESSAGE, PHOTO_NAME, READING_SENDER } from '../support/reading-mail.ts';
import { selectors } from '../support/selectors.ts';

async function signIn(page: Page, e2e: Parameters<Parameters<typeof test>[2]>[0]['e2e']): Promise<void> {
  await page.goto('/');
  await addAccount(page, { name: 'Reading', target: e2e.targets.implicitTls, user: e2e.users.reading });
  await waitForStoredMessages(page, e2e.users.reading, e2e.users.reading.messageCount, { complete: true });
  await expect(page.locator(selectors.messageRow)).toHaveCount(e2e.users.reading.messageCount);
}

const subject = (page: Page) => page.locator(selectors.messageSubject);
/** The row the listbox marks active (aria-activedescendant). */
const activeRow = (page: Page) => page.locator(selectors.messageList).evaluate((list) => document.getElementById(list.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');

test.describe('on a desktop, with the keyboard', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('focus goes into the reader and back, the pane follows the arrows, delete moves on and Undo restores', async ({ page, e2e }) => {
    test.setTimeout(90_000);
    await signIn(page, e2e);
    const list = page.locator(selectors.messageList);
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    // The reading pane follows the active row; focus stays in the list.
    await expect(subject(page)).toHaveText('Four: the fourth');
    await expect(list).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(subject(page)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.locator(selectors.messageReader)).toHaveCount(0);
    await expect(list).toBeFocused();
    expect(await activeRow(page)).toContain('Four: the fourth');

    // Delete from the keyboard: the next message down opens, with focus on its heading.
    await page.keyboard.press('Enter');
    await expect(subject(page)).toBeFocused();
    await tabTo(page, page.locator(selectors.deleteHere), { key: 'Shift+Tab' });
    await page.keyboard.press('Enter');
    await expect(subject(page)).toHaveText(LONG_LETTER);
    await expect(subject(page)).toBeFocused();
    const toast = page.locator(selectors.undoToast);
    await expect(toast).toContainText('Four: the fourth');
    await expect(page.locator(selectors.messageRow)).toHaveCount(e2e.users.reading.messageCount - 1);
    await tabTo(page, page.locator(selectors.undoDelete));
    await page.keyboard.press('Enter');
    await expect(subject(page)).toHaveText('Four: the fourth');
    await expect(subject(page)).toBeFocused();
    await expect(page.locator(selectors.messageRow)).toHaveCount(e2e.users.reading.messageCount);
    await expect(toast).toHaveCount(0);
  });

  test('the long letter: mailto: sender, plain text on request, and axe', async ({ page, e2e }) => {
    await signIn(page, e2e);
    await page.locator(selectors.messageRow).filter({ hasText: LONG_LETTER }).click();
    await expect(subject(page)).toHaveText(LONG_LETTER);
    await expect(page.locator(`${selectors.messageFrom} ${selectors.addressLink}`)).toHaveAttribute('href', `mailto:${READING_SENDER}`);

    const frame = page.locator(selectors.messageFrame);
    await expect(frame).toBeVisible();
    // The frame fills the pane below the headers: one scroll (the letter's), not the pane's
    // around the frame's. (Growing the frame to the letter needs script in the frame or access
    // into it; DESIGN.md invariant 7 forbids both.)
    const pane = page.locator('#reader-pane');
    await expect.poll(() => pane.evaluate((el) => el.scrollHeight - el.clientHeight), { message: 'the pane does not scroll' }).toBeLessThanOrEqual(1);
    const paneBox = (await pane.boundingBox())!;
    const frameBox = (await frame.boundingBox())!;
    expect(paneBox.y + paneBox.height - (frameBox.y + frameBox.height), 'the frame reaches the pane bottom').toBeLessThan(40);

    expect(await axeFindings(page, 'reader, desktop')).toEqual([]);

    await page.locator(selectors.bodyFormatText).check();
    await expect(frame).toHaveCount(0);
    await expect(page.locator(selectors.messageText)).toContainText('Paragraph 60 of the long letter.');
  });
});

test.describe('on a 390×844 phone', () => {
  // The account is added on a wide window (the phone's sidebar is behind ☰, the shell's part).
  test.use({ viewport: { width: 1280, height: 800 }, hasTouch: true });

  test('a tapped message takes focus, Escape returns to the list, and every reader button is 44×44 px', async ({ page, e2e }) => {
    await signIn(page, e2e);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await page.locator(selectors.messageRow).filter({ hasText: PHOTO_MESSAGE }).tap();
    await expect(subject(page)).toBeFocused();
    await expect(page.locator(selectors.messageList)).toBeHidden();

    const buttons = [selectors.closeMessage, selectors.toggleSeen, selectors.deleteHere, selectors.exportEml].map((s) => page.locator(s));
    buttons.push(page.locator(selectors.attachment).getByRole('button'));
    const boxes = [];
    for (const button of buttons) {
      const box = (await button.boundingBox())!;
      expect(box.height, `${button.toString()} height`).toBeGreaterThanOrEqual(44);
      expect(box.width, `${button.toString()} width`).toBeGreaterThanOrEqual(44);
      boxes.push(box);
    }
    // Save as .eml shares a row with another toolbar button.
    const eml = boxes[3]!;
    expect(boxes.slice(0, 3).some((box) => Math.abs(box.y - eml.y) < 1), 'Save as .eml is not alone on its row').toBe(true);

    // The photo is previewed from its stored bytes (a blob: URL), not fetched from anywhere.
    const preview = page.locator(selectors.attachmentPreview);
    await expect(preview).toHaveAttribute('src', /^blob:/);
    await expect.poll(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(2);
    await expect(preview).toHaveAttribute('alt', PHOTO_NAME);

    expect(await axeFindings(page, 'reader, phone')).toEqual([]);

    await page.keyboard.press('Escape');
    await expect(page.locator(selectors.messageList)).toBeVisible();
    await expect(page.locator(selectors.messageList)).toBeFocused();
    expect(await activeRow(page)).toContain(PHOTO_MESSAGE);
  });
});
