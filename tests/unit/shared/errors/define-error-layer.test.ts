import { describe, expect, it } from 'vitest';
import { defineErrorLayer } from '../../../../shared/errors/index.ts';

const layer = defineErrorLayer('DemoError', {
  DEMO_ERR_LOCAL: { side: 'local', summary: 'We broke it.' },
  DEMO_ERR_REMOTE: { side: 'remote', summary: 'They broke it.' },
});

class DemoSpecificError extends layer.Error {}

describe('defineErrorLayer', () => {
  it('gives errors the code, the side from the table, and the summary as the default message', () => {
    const error = new layer.Error('DEMO_ERR_REMOTE');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DemoError', code: 'DEMO_ERR_REMOTE', side: 'remote', message: 'They broke it.' });
    expect(new layer.Error('DEMO_ERR_LOCAL', 'while sending LIST', { cause: 'x' })).toMatchObject({ side: 'local', message: 'while sending LIST', cause: 'x' });
  });

  it('names a subclass after itself and keeps it an instance of the layer', () => {
    const error = new DemoSpecificError('DEMO_ERR_LOCAL');
    expect(error.name).toBe('DemoSpecificError');
    expect(error).toBeInstanceOf(layer.Error);
  });

  it('tells the layer\'s own codes from anything else, inherited names included', () => {
    expect(layer.isCode('DEMO_ERR_LOCAL')).toBe(true);
    expect(['POP3_ERR_AUTH', 'toString', '__proto__', 7, null].map((c) => layer.isCode(c))).toEqual([false, false, false, false, false]);
  });
});
