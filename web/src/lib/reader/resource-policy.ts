// What to put in place of one resource URL: the decision shared by attributes and CSS.
import { cidKeyFromUrl, classifyResourceUrl } from './resource-url.ts';

export interface ResourcePolicy {
  allowRemote: boolean;
  /** cid key (see cidKeyFromContentId) → a URL the frame can load. */
  cidUrls: ReadonlyMap<string, string>;
  /** Called once for each remote resource left out because remote content is not allowed. */
  onBlockedRemote: () => void;
}

/** The URL to load instead of `raw`, or null to drop the resource. */
export function resolveResource(raw: string, policy: ResourcePolicy): string | null {
  switch (classifyResourceUrl(raw)) {
    case 'cid':
      return policy.cidUrls.get(cidKeyFromUrl(raw)) ?? null;
    case 'data-image':
      return raw.trim();
    case 'remote':
      if (policy.allowRemote) return raw.trim();
      policy.onBlockedRemote();
      return null;
    case 'other':
      // Relative URLs would resolve against the app's own URL (srcdoc documents take the
      // parent's base URL); javascript:, data:text/html and the rest are never resources.
      return null;
  }
}
