// How much HTML the reader lets reach the main thread and the message frame (DESIGN.md invariant 10). Each
// cap was chosen by measurement in Chromium on a shared two-core machine: at these sizes
// DOMPurify and the frame's parse stay well under a 200 ms task; beyond them, structure is
// flattened into its text, and past the budgets the reader shows text instead.

/**
 * Open elements the token pre-pass lets through. It only has to keep parse5's tree builder
 * linear (its scope checks walk the stack of open elements, so 100,000 nested divs took 87 s);
 * the tree caps below are the ones that shape what the user sees.
 */
export const TOKEN_DEPTH_CAP = 256;
/** Start tags the pre-pass lets through; beyond, only text goes on. */
export const TOKEN_ELEMENT_CAP = 3_000;

/** Nesting depth of the bounded tree; Chromium's own parser stops nesting at 512. */
export const TREE_DEPTH_CAP = 48;
/** Elements in the bounded tree; a large newsletter has one or two thousand. */
export const TREE_ELEMENT_CAP = 1_500;
/** Characters of data: URLs (attributes and style sheets) in the bounded tree. */
export const DATA_URL_CHARS_CAP = 1_000_000;

/**
 * HTML longer than this (UTF-16 units) is drawn in two steps: its first part as soon as it is
 * parsed, the whole when the user asks. Bounding a 1 MB body took 100-600 ms and drawing it as
 * much again; its first 100,000 characters take a tenth of that (tests/bench/large-mailbox).
 */
export const FIRST_PART_CHARS = 100_000;
/** HTML longer than this (UTF-16 units) is shown as text first; the user can still ask for it. */
export const HTML_SIZE_BUDGET = 2_000_000;
/** From opening a message (reading it from IndexedDB included): if its bounded HTML is not ready by then, the reader shows text. */
// 500 ms leaves the other half of the second to DOMPurify and the frame's own parse and layout.
export const HTML_TIME_BUDGET_MS = 500;
/**
 * Text the fallback shows; it is a stand-in, not the whole message, and it is laid out in the
 * app's own document: 200,000 characters in 40,000 short lines took an 815 ms task.
 */
export const FALLBACK_TEXT_CAP = 50_000;
export const FALLBACK_LINE_CAP = 2_000;
