// The height of a message frame's content, for a frame that runs no script and whose origin is
// opaque (DESIGN.md invariant 7): neither side can report it. So the same sanitized document is
// laid out a second time in a probe frame that the app can read: sandbox="allow-same-origin"
// and nothing else, so it runs no script, submits nothing, opens nothing, and its CSP
// (frame-document.ts, built with remote content off) loads nothing but data: and blob: images.
// It is inert, hidden and out of the accessibility tree; the app reads one number from it.
//
// A same-origin frame is laid out on the app's own thread (the opaque-origin message frame is
// in another process), so only documents up to FRAME_MEASURE_MAX_CHARS are measured; a larger
// one keeps the fixed-height frame that scrolls itself. Remote images the user chose to show
// are not in the probe: the frame then counts their space only where the markup gives their
// size, and scrolls for the rest.

/** Sanitized HTML longer than this is not laid out twice. */
const FRAME_MEASURE_MAX_CHARS = 96 * 1024;

export function measurable(sanitizedHtml: string): boolean {
  return sanitizedHtml.length <= FRAME_MEASURE_MAX_CHARS;
}

export class FrameMeasure {
  readonly #probe: HTMLIFrameElement;
  readonly #onHeight: (px: number) => void;
  readonly #observer: ResizeObserver | null;
  readonly #onLoad = (): void => this.#measure();

  constructor(probe: HTMLIFrameElement, onHeight: (px: number) => void) {
    this.#probe = probe;
    this.#onHeight = onHeight;
    probe.addEventListener('load', this.#onLoad);
    // The width decides where lines break: measure again whenever it changes (where the
    // browser can say; jsdom cannot).
    this.#observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.#measure());
    this.#observer?.observe(probe);
    this.#measure();
  }

  stop(): void {
    this.#probe.removeEventListener('load', this.#onLoad);
    this.#observer?.disconnect();
  }

  #measure(): void {
    const doc = this.#probe.contentDocument;
    // Before its srcdoc has loaded, the probe holds an empty about:blank.
    if (doc === null || doc.readyState !== 'complete' || doc.URL !== 'about:srcdoc') return;
    this.#onHeight(Math.ceil(doc.documentElement.scrollHeight));
  }
}
