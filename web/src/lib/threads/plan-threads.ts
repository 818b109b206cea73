// Which conversation each message of a batch belongs to, given what is stored: the thread each
// of the batch's links already points to. Conversations are the connected components of the
// graph "messages that share a link" (thread-links.ts), kept with a union-find. This is JWZ
// threading's grouping (https://www.jwz.org/doc/threading.html) without its tree: the tree is
// what reference cycles, missing parents and duplicate Message-IDs break, and a component
// needs none of it. It also makes the grouping a function of the set of messages: the order
// they arrive in, and how they are batched, changes no conversation.
//
// A message that links two stored conversations merges them; the one with more messages keeps
// its key (fewer records to move), the smaller key on a tie.

export interface ThreadInput {
  /** The message's key within its account (its UIDL). */
  key: string;
  links: readonly string[];
  /** The thread its stored record already has (a refetch keeps it). */
  current?: string;
}

export interface ThreadPlan {
  /** The thread of each message of the batch. */
  threadOf: Map<string, string>;
  /** Stored threads folded into another (loser → survivor): their messages move. */
  merges: Map<string, string>;
}

export interface StoredThreads {
  /** The stored thread a link points to, if any. */
  threadOfLink(link: string): string | undefined;
  /** How many messages a stored thread has. */
  sizeOf(threadKey: string): number;
}

export function planThreads(batch: readonly ThreadInput[], stored: StoredThreads): ThreadPlan {
  const sets = new DisjointSets();
  for (const message of batch) {
    const self = `m:${message.key}`;
    sets.add(self);
    if (message.current !== undefined) sets.union(self, `t:${message.current}`);
    for (const link of message.links) {
      sets.union(self, `l:${link}`);
      const known = stored.threadOfLink(link);
      if (known !== undefined) sets.union(self, `t:${known}`);
    }
  }
  const survivorOf = new Map<string, string>();
  const threadsIn = new Map<string, string[]>();
  for (const element of sets.elements()) {
    if (!element.startsWith('t:')) continue;
    const root = sets.find(element);
    threadsIn.set(root, [...(threadsIn.get(root) ?? []), element.slice(2)]);
  }
  const merges = new Map<string, string>();
  for (const [root, threads] of threadsIn) {
    const survivor = threads.reduce((best, t) => (better(t, best, stored) ? t : best));
    survivorOf.set(root, survivor);
    for (const t of threads) if (t !== survivor) merges.set(t, survivor);
  }
  const threadOf = new Map<string, string>();
  // A component with no stored thread is new: it takes its smallest message key, so the key
  // too is the same whatever the order within the batch.
  const sorted = [...batch].sort((a, b) => compare(a.key, b.key));
  for (const message of sorted) {
    const root = sets.find(`m:${message.key}`);
    if (!survivorOf.has(root)) survivorOf.set(root, message.key);
    threadOf.set(message.key, survivorOf.get(root)!);
  }
  return { threadOf, merges };
}

function better(a: string, b: string, stored: StoredThreads): boolean {
  const sizeA = stored.sizeOf(a);
  const sizeB = stored.sizeOf(b);
  return sizeA !== sizeB ? sizeA > sizeB : compare(a, b) < 0;
}

// By UTF-16 code unit, as IndexedDB orders strings, so tests and the store agree.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Union-find with path halving and union by size: near-constant time per step. */
class DisjointSets {
  readonly #parent = new Map<string, string>();
  readonly #size = new Map<string, number>();

  add(x: string): void {
    if (!this.#parent.has(x)) {
      this.#parent.set(x, x);
      this.#size.set(x, 1);
    }
  }

  find(x: string): string {
    this.add(x);
    let node = x;
    while (this.#parent.get(node) !== node) {
      const grand = this.#parent.get(this.#parent.get(node)!)!;
      this.#parent.set(node, grand);
      node = grand;
    }
    return node;
  }

  union(a: string, b: string): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.#size.get(ra)! < this.#size.get(rb)!) [ra, rb] = [rb, ra];
    this.#parent.set(rb, ra);
    this.#size.set(ra, this.#size.get(ra)! + this.#size.get(rb)!);
  }

  elements(): IterableIterator<string> {
    return this.#parent.keys();
  }
}
