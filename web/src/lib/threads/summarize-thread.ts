// What a conversation's row shows, from its messages: how many (tombstones left out), how many
// unread, the latest (by date, then key, as the list orders), and who took part, in the order
// they first wrote, as mail apps list them. Null when no message is left: the row goes.

export interface ThreadMember {
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
export const MAX_PARTICIPANTS = 4;

export function summarizeThread<M extends ThreadMember>(members: readonly M[]): ThreadSummary<M> | null {
  const live = members.filter((m) => !m.deletedLocally).sort((a, b) => a.date - b.date || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  if (live.length === 0) return null;
  const latest = live[live.length - 1]!;
  const writers = new Map<string, NonNullable<M['from']>>();
  for (const { from } of live) {
    if (from === null) continue;
    const who = (from.address || from.name).toLowerCase();
    if (!writers.has(who)) writers.set(who, from as NonNullable<M['from']>);
  }
  let participants = [...writers.values()];
  // Past the room, the first writers and the latest one, who is who the row answers to.
  if (participants.length > MAX_PARTICIPANTS) {
    const last = latest.from === null ? undefined : writers.get((latest.from.address || latest.from.name).toLowerCase());
    participants = last === undefined || participants.indexOf(last) < MAX_PARTICIPANTS ? participants.slice(0, MAX_PARTICIPANTS) : [...participants.slice(0, MAX_PARTICIPANTS - 1), last];
  }
  return { count: live.length, unread: live.filter((m) => !m.flags.seen).length, latest, participants };
}
