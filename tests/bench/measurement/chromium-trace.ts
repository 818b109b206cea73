/**
 * A Chromium trace through the DevTools protocol (Tracing domain), over the bench's bare
 * page client (cdp-page.ts). Returns the function that ends the trace and gives its JSON.
 */
import type { CdpPage } from '../clients/cdp-page.ts';

export async function startChromiumTrace(cdp: CdpPage, categories: string[]): Promise<() => Promise<Buffer>> {
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  return async () => {
    const complete = cdp.once('Tracing.tracingComplete');
    await cdp.send('Tracing.end');
    const stream = (await complete).stream as string;
    const chunks: Buffer[] = [];
    for (;;) {
      const { data, eof, base64Encoded } = (await cdp.send('IO.read', { handle: stream, size: 1 << 20 })) as { data: string; eof: boolean; base64Encoded?: boolean };
      chunks.push(Buffer.from(data, base64Encoded ? 'base64' : 'utf8'));
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    return Buffer.concat(chunks);
  };
}
