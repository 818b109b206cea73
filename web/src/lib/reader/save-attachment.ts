// Saving an attachment: always a download of opaque bytes. The file is never rendered or
// opened in the app's origin, where an HTML or SVG attachment could run script.
import { stripBidiControls } from './bidi-controls.ts';

export interface SavableAttachment {
  filename: string;
  content: Uint8Array;
}

// Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
const REVOKE_AFTER_MS = 60_000;

export function saveAttachment(attachment: SavableAttachment, doc: Document = document): void {
  // application/octet-stream, whatever the part claimed: the browser must not sniff or show it.
  const blob = new Blob([attachment.content.slice()], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = safeFilename(attachment.filename);
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/**
 * A name the OS will accept, that cannot climb out of the downloads folder, and whose
 * extension reads where it is. Bidi controls become `_`, as Chromium's own download naming,
 * Firefox's and Fastmail's do: the mark shows where something was hidden.
 */
export function safeFilename(name: string): string {
  const cleaned = stripBidiControls(name, '_').replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 200);
  return cleaned === '' ? 'attachment' : cleaned;
}
