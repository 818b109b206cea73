import { describe, expect, it } from 'vitest';
import { derivedBridgeId } from '../../../../bridge/server/bridge-id.ts';
import { BRIDGE_ID } from '../../../../shared/tunnel/index.ts';

describe('derivedBridgeId', () => {
  it('is a valid bridge id, the same for the same port and different for another', () => {
    expect(derivedBridgeId(8080)).toMatch(BRIDGE_ID);
    expect(derivedBridgeId(8080)).toHaveLength(8);
    expect(derivedBridgeId(8080)).toBe(derivedBridgeId(8080));
    expect(derivedBridgeId(8080)).not.toBe(derivedBridgeId(8081));
  });
});
