import { describe, expect, it } from 'vitest';
import { BridgeLogger, redactLogEntry } from '../../../../bridge/logging/index.ts';

describe('redactLogEntry', () => {
  it('drops fields whose names suggest secrets or payloads', () => {
    const out = redactLogEntry({ event: 'x', password: 'hunter2', authorization: 'Basic abc', data: 'PASS x', payload: 'y', bytesUp: 12 });
    expect(out).toEqual({ event: 'x', bytesUp: 12 });
  });

  it('redacts PASS, APOP and AUTH lines inside string values', () => {
    const out = redactLogEntry({ message: 'server said: PASS hunter2\r\nthen AUTH PLAIN AGFkYQBodW50ZXIy' });
    const text = JSON.stringify(out);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('AGFkYQBodW50ZXIy');
    expect(text).toContain('[redacted]');
  });

  it('drops nested objects and cuts long strings', () => {
    const out = redactLogEntry({ nested: { password: 'x' }, long: 'a'.repeat(1000) });
    expect(out.nested).toBeUndefined();
    expect(String(out.long).length).toBeLessThan(400);
  });
});

describe('BridgeLogger', () => {
  it('stamps time and event and survives a throwing sink', () => {
    const entries: Array<Record<string, unknown>> = [];
    new BridgeLogger((entry) => entries.push(entry)).log('tunnel-ready', { id: 'a' });
    expect(entries[0]).toMatchObject({ event: 'tunnel-ready', id: 'a' });
    expect(typeof entries[0]?.time).toBe('string');
    expect(() => new BridgeLogger(() => {
      throw new Error('disk full');
    }).log('x')).not.toThrow();
  });
});
