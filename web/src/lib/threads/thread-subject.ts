// The subject a conversation is known by, for mail whose client dropped References and
// In-Reply-To: reply and forward prefixes (English and the common localized ones: AW, SV, VS,
// WG, Antw, TR, RV, Odp, 回复…), counters (`Re[2]:`, `Re(3):`) and mailing-list tags
// (`[dev]`) stripped, case and spacing folded. JWZ threading, step 5 ("gather by subject").

/** Longer subjects are cut first: what follows cannot change the grouping in practice, and it bounds the work. */
const MAX_SUBJECT = 512;
const PREFIX = /^(?:\[[^\]]{0,64}\]\s*)?(?:re|fwd?|aw|wg|sv|vs|antw|doorst|tr|rv|enc|odp|pd|ynt|ref|réf|απ|σχετ|回复|回覆|转发|轉寄|答复)\s*(?:\[\d{1,4}\]|\(\d{1,4}\))?\s*[:：]\s*/iu;
const LIST_TAG = /^\[[^\]]{0,64}\]\s*/u;

export function threadSubject(subject: string): string {
  let rest = subject.slice(0, MAX_SUBJECT).replace(/\s+/gu, ' ').trim();
  // Each turn removes at least one character, so this ends within MAX_SUBJECT turns.
  for (;;) {
    const next = rest.replace(PREFIX, '').replace(LIST_TAG, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.toLowerCase();
}
