// What a conversation's row shows, from its messages: how many (tombstones left out), how many
// unread, the latest (by date, then key, as the list orders), and who took part, in the order
// they first wrote, as mail apps list them. Null when no message is left: the row goes.

interface ThreadMember {
  uid: string;
  date: number;
  from: { name: string; address: string } | null;
  flags: { seen: boolean };
  deletedLocally: boolean;
}

export interface ThreadSummary<M extends ThreadMember> {
  count: number;
  unread: number;
  latest: M;
  participants: Array<NonNullable<M['from']>>;
}

/** A row has room for a few names; the count says the rest. */
const MAX_PARTICIPANTS = 4;

export function summarizeThread<M extends ThreadMember>(members: readonly M[]): ThreadSummary<M> | null {
  const live = members.filter((m) => !m.deletedLocally).sort((a, b) => a.date - b.date || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  if (live.length === 0) return null;
  const participants: Array<NonNullable<M['from']>> = [];
  const seen = new Set<string>();
  for (const { from } of live) {
    if (from === null) continue;
    const who = (from.address || from.name).toLowerCase();
    if (seen.has(who)) continue;
    seen.add(who);
    if (participants.length < MAX_PARTICIPANTS) participants.push(from as NonNullable<M['from']>);
  }
  return { count: live.length, unread: live.filter((m) => !m.flags.seen).length, latest: live[live.length - 1]!, participants };
}
