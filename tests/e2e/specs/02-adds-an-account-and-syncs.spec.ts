/**
 * The user adds their Dovecot account (implicit TLS) through the form and syncs. Every one
 * of the 563 corpus messages is stored, once, under the UIDL the server gives it, and the
 * subjects and senders are what postal-mime reads from the same files in Node: checked in
 * IndexedDB for 50 messages spread over the corpus, and on screen for the rows the list shows.
 */
import { loadCorpus } from '../../support/corpus.ts';
import { addAccount, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { asRendered, evenSample, expectedListing, senderShown, subjectShown, type ExpectedListing } from '../support/corpus-expectations.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messageRows, selectors } from '../support/selectors.ts';

test('adding a Dovecot account and syncing stores every message with the subject and sender postal-mime reads', async ({ page, e2e }) => {
  // 563 messages through TLS, the bridge and a Worker, plus postal-mime over the sample in Node.
  test.setTimeout(90_000);
  const reader = e2e.users.reader;
  const corpus = await loadCorpus();
  const uids = await serverUidls(e2e, reader);
  expect(uids).toHaveLength(corpus.length);
  // Delivery order is message-number order, so UIDL n belongs to corpus[n - 1].
  const expectedByUid = new Map<string, ExpectedListing>();
  for (const index of evenSample(corpus.length, 50)) {
    const expected = await expectedListing(corpus[index]!);
    if (expected !== null) expectedByUid.set(uids[index] ?? '', expected);
  }
  expect(expectedByUid.size, 'postal-mime reads nearly all of the sample').toBeGreaterThanOrEqual(45);

  // One row per message: this spec reads each message's own row. With conversations on, corpus
  // messages that share a subject and have no Date fold into one row whose newest member
  // depends on commit timing, so the row shown varied between runs (spec 18 covers conversations).
  await page.addInitScript(() => localStorage.setItem('satchel.conversations', 'off'));
  await page.goto('/');
  await addAccount(page, { name: 'Reader at Dovecot', target: e2e.targets.implicitTls, user: reader });
  await syncNow(page);
  const stored = await waitForStoredMessages(page, reader, corpus.length, { timeout: 60_000 });

  expect(new Set(stored.map((m) => m.uid)), 'the stored UIDLs are the server\'s').toEqual(new Set(uids));
  expect(stored.map((m) => m.accountId).every((id) => id === stored[0]?.accountId)).toBe(true);

  const storedByUid = new Map(stored.map((m) => [m.uid, m]));
  for (const [uid, expected] of expectedByUid) {
    const message = storedByUid.get(uid);
    expect.soft(message?.subject, `subject of ${expected.name}`).toBe(expected.subject);
    expect.soft(message?.from?.name ?? '', `sender name of ${expected.name}`).toBe(expected.fromName);
    expect.soft(message?.from?.address ?? '', `sender address of ${expected.name}`).toBe(expected.fromAddress);
  }

  // What the list shows: each rendered row against postal-mime's reading of its file.
  const rows = messageRows(page);
  await expect(rows.first()).toBeVisible();
  const shown = await rows.evaluateAll((elements) => elements.map((row) => ({ uid: row.getAttribute('data-uid') ?? '', text: (row as HTMLElement).innerText })));
  expect(shown.length).toBeGreaterThan(5);
  for (const { uid, text } of shown) {
    const index = uids.indexOf(uid);
    expect(index, `row ${uid} is a server message`).toBeGreaterThanOrEqual(0);
    const expected = await expectedListing(corpus[index]!);
    if (expected === null) continue;
    const rendered = asRendered(text);
    expect.soft(rendered, `row for ${expected.name} shows its subject`).toContain(subjectShown(expected));
    expect.soft(rendered, `row for ${expected.name} shows its sender`).toContain(senderShown(expected));
  }
  await expect(page.locator(selectors.syncError)).toHaveCount(0);
});
