// The rows of a virtual list that are in memory: the list's true length from the start, and
// blocks of rows read from a RowSource only around what is on screen. Jumping to row 9,000
// reads the block holding it, not the 9,000 before it; blocks far from view are dropped, so
// memory stays flat however far the user scrolls.
import type { RowSource } from './row-source.ts';

const BLOCK_SIZE = 50;
/** Blocks kept in memory at most (the ones in view are always kept). */
const KEEP_BLOCKS = 12;

export class ListWindow<Row> {
  #source: RowSource<Row>;
  #total = $state(0);
  #counted = $state(false);
  // $state.raw: a block is replaced, never mutated, and proxies over records would cost more than the list.
  #blocks = $state.raw<ReadonlyMap<number, readonly Row[]>>(new Map());
  readonly #inFlight = new Set<number>();
  /** Bumped by every reload and source change, so rows read for an older state are dropped. */
  #generation = 0;
  /** The rows on screen; before the list has measured its viewport, the first block's. */
  #wanted = { start: 0, end: BLOCK_SIZE };
  #refreshing: Promise<void> | null = null;
  #recount: Promise<void> | null = null;
  #again: { rows: boolean } | null = null;

  readonly #onCount: ((total: number) => void) | undefined;
  #expectedTotal: number | null;

  /**
   * `expectedTotal`: the length the list had last time (a cold start), shown with the first
   * rows until the count is in, so the scrollbar and aria-setsize are right from the first
   * frame. `onCount` hears each count, to remember it for next time.
   */
  constructor(source: RowSource<Row>, options: { expectedTotal?: number | null; onCount?: (total: number) => void } = {}) {
    this.#source = source;
    this.#expectedTotal = options.expectedTotal ?? null;
    this.#onCount = options.onCount;
  }

  /** A list whose rows are all in hand (search results): counted and in memory from the start. */
  static of<Row>(all: readonly Row[]): ListWindow<Row> {
    const window = new ListWindow<Row>({ count: async () => all.length, rows: async (start, end) => all.slice(start, end) });
    window.#total = all.length;
    window.#counted = true;
    window.#blocks = new Map(blocksOf(0, all.length).map((block) => [block, all.slice(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE)]));
    return window;
  }

  /** How many rows the list has (0 until the first count is in). */
  get total(): number {
    return this.#total;
  }

  /** False until the source has been counted once. */
  get counted(): boolean {
    return this.#counted;
  }

  /** The row at `index`, or undefined while it is not read yet. */
  rowAt(index: number): Row | undefined {
    return this.#blocks.get(Math.floor(index / BLOCK_SIZE))?.[index % BLOCK_SIZE];
  }

  /** The index of the first row in memory that matches, or -1. */
  findIndex(matches: (row: Row) => boolean): number {
    for (const [block, rows] of this.#blocks) {
      const offset = rows.findIndex(matches);
      if (offset >= 0) return block * BLOCK_SIZE + offset;
    }
    return -1;
  }

  /** The rows in memory that the list shows now, in order. */
  shown(): Row[] {
    const rows: Row[] = [];
    for (let i = this.#wanted.start; i < Math.min(this.#wanted.end, this.#total); i++) {
      const row = this.rowAt(i);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  /** The list shows rows start to end: read the blocks among them that are not in memory. */
  show(start: number, end: number): void {
    this.#wanted = { start, end };
    if (!this.#counted) return;
    for (const block of blocksOf(start, Math.min(end, this.#total))) {
      if (!this.#blocks.has(block) && !this.#inFlight.has(block)) void this.#loadBlock(block);
    }
  }

  /** Another source (another account, search results): the list starts empty and is counted again. */
  setSource(source: RowSource<Row>, expectedTotal: number | null = null): Promise<void> {
    this.#source = source;
    this.#expectedTotal = expectedTotal;
    this.#generation++;
    this.#inFlight.clear();
    this.#blocks = new Map();
    this.#total = 0;
    this.#counted = false;
    this.#wanted = { start: 0, end: this.#wanted.end - this.#wanted.start };
    return this.refresh();
  }

  /**
   * Counts again `afterMs` from now, once for every call meanwhile: for changes known to sort
   * below the rows in view, which a sync of thousands commits dozens of times.
   */
  recountSoon(afterMs: number): Promise<void> {
    this.#recount ??= new Promise<void>((resolve) => setTimeout(resolve, afterMs)).then(() => {
      this.#recount = null;
      return this.refresh({ rows: false });
    });
    return this.#recount;
  }

  /**
   * Counts again and, with `rows` (the default), reads the rows in view again, then shows
   * both at once, so the rows on screen never blank out. Without `rows`, the rows in view are
   * known not to have moved (what changed sorts below them) and only the rest is dropped.
   * Calls while one runs are folded into one more run after it.
   */
  refresh({ rows = true }: { rows?: boolean } = {}): Promise<void> {
    if (this.#refreshing !== null) {
      this.#again = { rows: rows || (this.#again?.rows ?? false) };
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      let next: { rows: boolean } | null = { rows };
      try {
        while (next !== null) {
          this.#again = null;
          await this.#reload(next.rows);
          next = this.#again;
        }
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  async #reload(rereadRows: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.#inFlight.clear();
    const source = this.#source;
    try {
      // The rows first, then the count: IndexedDB serves one database's requests in turn, and
      // counting 10,000 index entries takes a few hundred ms that the first rows need not wait for.
      const wanted = blocksOf(this.#wanted.start, this.#wanted.end);
      const read = await Promise.all(wanted.map((block) => this.#readBlock(source, block, rereadRows ? undefined : this.#blocks.get(block))));
      if (generation !== this.#generation) return;
      if (!this.#counted && this.#expectedTotal !== null) this.#publish(Math.max(this.#expectedTotal, readEnd(wanted, read)), wanted, read);
      const total = await source.count();
      if (generation !== this.#generation) return;
      this.#publish(total, wanted, read);
      this.#counted = true;
      this.#onCount?.(total);
    } catch {
      // Storage refused (closed for an upgrade, evicted): what is shown stays until the next refresh.
    }
  }

  #publish(total: number, wanted: readonly number[], read: ReadonlyArray<readonly Row[]>): void {
    const blocks = new Map<number, readonly Row[]>();
    wanted.forEach((block, i) => {
      if (block * BLOCK_SIZE < total) blocks.set(block, read[i]!.slice(0, total - block * BLOCK_SIZE));
    });
    this.#total = total;
    this.#blocks = blocks;
  }

  /** A block's rows; of a kept block, only those past where the old end of the list cut it. */
  async #readBlock(source: RowSource<Row>, block: number, kept: readonly Row[] | undefined): Promise<readonly Row[]> {
    const start = block * BLOCK_SIZE;
    if (kept === undefined) return source.rows(start, start + BLOCK_SIZE);
    if (kept.length === BLOCK_SIZE) return kept;
    return [...kept, ...(await source.rows(start + kept.length, start + BLOCK_SIZE))];
  }

  async #loadBlock(block: number): Promise<void> {
    const generation = this.#generation;
    this.#inFlight.add(block);
    try {
      const rows = await this.#source.rows(block * BLOCK_SIZE, Math.min((block + 1) * BLOCK_SIZE, this.#total));
      if (generation !== this.#generation) return;
      this.#blocks = this.#pruned(new Map(this.#blocks).set(block, rows));
    } catch {
      // Left unread: the next show() or refresh() asks again.
    } finally {
      if (generation === this.#generation) this.#inFlight.delete(block);
    }
  }

  /** Drops the blocks furthest from view once more than KEEP_BLOCKS are in memory. */
  #pruned(blocks: Map<number, readonly Row[]>): Map<number, readonly Row[]> {
    if (blocks.size <= KEEP_BLOCKS) return blocks;
    const centre = (this.#wanted.start + this.#wanted.end) / 2 / BLOCK_SIZE;
    const furthestFirst = [...blocks.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const block of furthestFirst.slice(0, blocks.size - KEEP_BLOCKS)) blocks.delete(block);
    return blocks;
  }
}

/** One past the last row read from the start without a gap: the list is at least this long. */
function readEnd(wanted: readonly number[], read: ReadonlyArray<readonly unknown[]>): number {
  let end = 0;
  for (const [i, block] of wanted.entries()) {
    if (block * BLOCK_SIZE !== end) break;
    end += read[i]!.length;
    if (read[i]!.length < BLOCK_SIZE) break;
  }
  return end;
}

/** The block numbers that hold rows start to end. */
function blocksOf(start: number, end: number): number[] {
  const blocks: number[] = [];
  for (let block = Math.floor(Math.max(0, start) / BLOCK_SIZE); block * BLOCK_SIZE < end; block++) blocks.push(block);
  return blocks;
}
