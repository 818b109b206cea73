import { describe, expect, it } from 'vitest';
import { FirstRecordAlert } from '../../../../shared/tls/first-record-alert.ts';
import { classifyHandshakeFailure } from '../../../../shared/tls/classify-failure.ts';

describe('the first record from the server, watched for a fatal alert', () => {
  it('reads protocol_version from a plaintext fatal alert split across reads', () => {
    const alert = new FirstRecordAlert();
    alert.observe(Uint8Array.of(0x15, 0x03, 0x03));
    expect(alert.description).toBeNull();
    alert.observe(Uint8Array.of(0x00, 0x02, 0x02, 70, 0x16, 0x03));
    expect(alert.description).toBe(70);
    expect(classifyHandshakeFailure(new Error('Fatal alert message received'), alert.description)).toBe('TLS_ERR_VERSION');
  });

  it('ignores a ServerHello, a warning alert, and anything after the first record', () => {
    const hello = new FirstRecordAlert();
    hello.observe(Uint8Array.of(0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00));
    hello.observe(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 70));
    expect(hello.description).toBeNull();
    const warning = new FirstRecordAlert();
    warning.observe(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00));
    expect(warning.description).toBeNull();
  });

  it('gives the general handshake code to a failure it does not recognise', () => {
    expect(classifyHandshakeFailure(new Error('Unexpected extension 0x0029'), null)).toBe('TLS_ERR_HANDSHAKE');
    expect(classifyHandshakeFailure(new Error('Fatal alert message received'), 40)).toBe('TLS_ERR_HANDSHAKE');
  });
});
