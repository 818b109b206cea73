import { crc32, deflateSync } from 'node:zlib';

/**
 * Encodes 8-bit RGBA pixels as a PNG (ISO/IEC 15948: IHDR, one IDAT, IEND, filter 0 on every
 * row). Small and dependency-free so the sample images and app icons are made offline.
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each scanline starts with its filter type byte; 0 = None.
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A canvas of RGBA pixels with the two drawing operations the samples and icons need. */
export class PixelCanvas {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 4);
  }

  set(x: number, y: number, [r, g, b, a = 255]: readonly number[]): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.pixels.set([r ?? 0, g ?? 0, b ?? 0, a], (y * this.width + x) * 4);
  }

  /** Fills every pixel for which `inside(x, y)` is true. */
  fill(colour: readonly number[], inside: (x: number, y: number) => boolean = () => true): void {
    for (let y = 0; y < this.height; y++) for (let x = 0; x < this.width; x++) if (inside(x, y)) this.set(x, y, colour);
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}
