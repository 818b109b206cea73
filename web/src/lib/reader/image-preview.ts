// Which attachments are previewed in the reader: raster images only (an <img> of PNG, JPEG,
// GIF, WebP or AVIF runs nothing; SVG is left out, as a document it could script), within a
// size cap, from the bytes already stored in IndexedDB as a blob: URL, never from the network.

/** Larger images are listed but not decoded on the UI thread. */
const PREVIEW_MAX_BYTES = 16 * 1024 * 1024;
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

export function previewable(attachment: { mimeType: string; content: Uint8Array }): boolean {
  return PREVIEWABLE.has(attachment.mimeType.toLowerCase()) && attachment.content.byteLength > 0 && attachment.content.byteLength <= PREVIEW_MAX_BYTES;
}

/** A blob: URL for the image's bytes, typed as what it claims; the caller revokes it. */
export function previewUrl(attachment: { mimeType: string; content: Uint8Array }): string {
  return URL.createObjectURL(new Blob([attachment.content.slice()], { type: attachment.mimeType.toLowerCase() }));
}
