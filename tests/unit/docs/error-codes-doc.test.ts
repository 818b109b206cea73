import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorCodes } from '../../../scripts/error-codes-doc.ts';

describe('docs/ERROR-CODES.md', () => {
  it('documents exactly the error codes the code defines', () => {
    const documented = readFileSync(new URL('../../../docs/ERROR-CODES.md', import.meta.url), 'utf8');
    expect(documented).toBe(renderErrorCodes());
  });
});
