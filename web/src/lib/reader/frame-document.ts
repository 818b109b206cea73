// The document the sandboxed message frame shows: sanitized markup under its own CSP.
//
// Checked in Chromium (see the reader's report): a srcdoc frame also inherits the app's CSP,
// so a remote image loads only when both the app CSP (img-src http: https:) and this meta
// CSP allow it. This meta CSP is the gate that "Show remote content" opens.

export function frameContentSecurityPolicy(allowRemote: boolean): string {
  const remote = allowRemote ? ' http: https:' : '';
  return [
    "default-src 'none'",
    `img-src data: blob:${remote}`,
    `style-src 'unsafe-inline'${remote}`,
    `font-src data:${remote}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

// Mail is laid out for a narrow column; these keep wide tables and images inside the frame.
// Mail HTML is written for white paper: the frame keeps a light canvas in the app's dark
// theme (and nothing is inverted, so images look as sent).
// The frame scrolls itself, and Chromium passes over a frame with nothing focusable in it, so
// the body is a Tab stop (tabindex 0): there the arrows and Page Down scroll the letter. Its
// ring is drawn inside the padding, in the app's focus colour (5.4:1 on white).
const BASE_STYLE = `
  html { color-scheme: light; background: #fff; }
  body { margin: 0; padding: 0.75rem; font: 15px/1.5 system-ui, sans-serif; color: #222; overflow-wrap: anywhere; }
  body:focus-visible { outline: 3px solid #9a5b2e; outline-offset: -3px; }
  img { max-width: 100%; height: auto; }
  pre { white-space: pre-wrap; }
`;

export function buildFrameDocument(sanitizedHtml: string, allowRemote: boolean): string {
  const csp = frameContentSecurityPolicy(allowRemote);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"><style>${BASE_STYLE}</style></head><body tabindex="0">${sanitizedHtml}</body></html>`;
}
