import { describe, expect, it } from 'vitest';
import { BridgeLogger, type LogEntry } from '../../../../bridge/logging/index.ts';

describe('BridgeLogger', () => {
  it('shows its observer each entry as the sink gets it, redacted', () => {
    const logged: LogEntry[] = [];
    const observed: LogEntry[] = [];
    new BridgeLogger((entry) => logged.push(entry), (entry) => observed.push(entry)).log('tunnel-closed', { code: null, password: 'hunter2' });
    expect(observed).toEqual(logged);
    expect(observed[0]).toMatchObject({ event: 'tunnel-closed', code: null });
    expect(observed[0]).not.toHaveProperty('password');
  });

  it('writes the log line even when the observer throws, and never throws itself', () => {
    const logged: LogEntry[] = [];
    const logger = new BridgeLogger((entry) => logged.push(entry), () => {
      throw new Error('observer broke');
    });
    logger.log('tunnel-ready');
    expect(logged.map((entry) => entry.event)).toEqual(['tunnel-ready']);
    expect(() => new BridgeLogger(() => {
      throw new Error('sink broke');
    }).log('tunnel-ready')).not.toThrow();
  });
});
