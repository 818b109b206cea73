/**
 * Makes a browser launched for one spec trust one test certificate, as a user's browser trusts
 * a deployment's: Chromium's --ignore-certificate-errors-spki-list accepts a certificate whose
 * public key hashes to a listed value as if a known CA had signed it, so the origin is a secure
 * context with a service worker. It is browser-wide, hence a launch of the spec's own.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium.ts';

/** base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, the form Chromium's flag takes. */
export function spkiSha256(certificatePem: string): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export function launchChromiumTrusting(certificatePem: string): Promise<Browser> {
  return chromium.launch({ ...CHROMIUM_LAUNCH_OPTIONS, args: [...CHROMIUM_LAUNCH_OPTIONS.args, `--ignore-certificate-errors-spki-list=${spkiSha256(certificatePem)}`] });
}
