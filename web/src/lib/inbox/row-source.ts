// What a virtual list reads its rows from: how many there are, and any range of them. The
// inbox is one (inbox-row-source.ts); search results or conversations can be others.

export interface RowSource<Row> {
  /** How many rows the list has. */
  count(): Promise<number>;
  /** Rows start (inclusive) to end (exclusive), in list order; fewer if the list is shorter. */
  rows(start: number, end: number): Promise<Row[]>;
}
