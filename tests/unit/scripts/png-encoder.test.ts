import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, PixelCanvas } from '../../../scripts/png-encoder.ts';

describe('encodePng', () => {
  it('writes the signature, IHDR with the size, and chunks whose CRCs check', () => {
    const png = encodePng(3, 2, new Uint8Array(3 * 2 * 4).fill(200));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const types: string[] = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const typeAndData = png.subarray(at + 4, at + 8 + length);
      types.push(typeAndData.subarray(0, 4).toString('latin1'));
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typeAndData));
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
  });

  it('stores each row behind a filter byte', () => {
    const canvas = new PixelCanvas(2, 1);
    canvas.set(1, 0, [1, 2, 3, 4]);
    const png = canvas.toPng();
    const idatLength = png.readUInt32BE(33);
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4]);
  });

  it('refuses pixel data of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(4))).toThrow(RangeError);
  });
});
