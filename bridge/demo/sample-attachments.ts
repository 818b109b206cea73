import { PixelCanvas } from '../../scripts/png-encoder.ts';

/**
 * The binary samples in the demo mailbox, generated so they are small, valid and
 * reproducible: PNGs for inline cid: images, a one-page PDF, a CSV and a text file.
 */

/** A sunset over hills, for the "photos from the trip" message. */
export function sunsetPng(): Buffer {
  const canvas = new PixelCanvas(96, 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 96; x++) canvas.set(x, y, [250 - y, 140 + y, 90 + y * 2]);
  canvas.fill([255, 214, 102], (x, y) => (x - 60) ** 2 + (y - 30) ** 2 < 110);
  canvas.fill([46, 94, 62], (x, y) => y > 44 + 6 * Math.sin(x / 9));
  return canvas.toPng();
}

/** A little map with a dotted route, for the second inline image. */
export function routeMapPng(): Buffer {
  const canvas = new PixelCanvas(64, 64);
  canvas.fill([232, 240, 220]);
  canvas.fill([160, 200, 235], (x, y) => x + y > 100);
  for (let t = 0; t < 60; t += 3) canvas.fill([200, 60, 60], (x, y) => (x - (4 + t)) ** 2 + (y - (8 + t * 0.7 + 6 * Math.sin(t / 8))) ** 2 < 3);
  return canvas.toPng();
}

/** The newsletter's logo, sent inline; its other image is remote on purpose. */
export function logoPng(): Buffer {
  const canvas = new PixelCanvas(48, 48);
  canvas.fill([0, 0, 0, 0]);
  canvas.fill([122, 74, 44], (x, y) => x > 6 && x < 42 && y > 14 && y < 42);
  canvas.fill([160, 104, 64], (x, y) => x > 6 && x < 42 && y > 14 && y < 24);
  canvas.fill([122, 74, 44], (x, y) => y > 6 && y <= 14 && ((x - 24) ** 2 / 100 + (y - 14) ** 2 / 64 <= 1) && ((x - 24) ** 2 / 36 + (y - 14) ** 2 / 25 >= 1));
  return canvas.toPng();
}

/**
 * Pseudo-random pixels (a fixed LCG, so the bytes never change) that do not compress: a
 * bigger attachment for showing that large attachments arrive last on a slow link.
 */
export function noisyScanPng(): Buffer {
  const canvas = new PixelCanvas(120, 90);
  let seed = 20261127;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  };
  for (let y = 0; y < 90; y++) for (let x = 0; x < 120; x++) canvas.set(x, y, [200 + (next() & 55), 190 + (next() & 63), 170 + (next() & 63)]);
  return canvas.toPng();
}

/**
 * A one-page PDF 1.4 with a cross-reference table whose offsets are computed, so strict
 * readers accept it (ISO 32000-1 §7.5).
 */
export function receiptPdf(lines: readonly string[]): Buffer {
  const escape = (s: string): string => s.replace(/[\\()]/g, '\\$&');
  const content = ['BT', '/F1 14 Tf', '72 760 Td', '18 TL', ...lines.map((line) => `(${escape(line)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A week of sync statistics, as a spreadsheet would export it. */
export function syncStatsCsv(): Buffer {
  const rows = [['date', 'link', 'messages', 'kilobytes', 'seconds']];
  const links = ['train wifi', 'hotel wifi', '3G', 'café', 'home fibre', 'tethered phone', 'airport'];
  links.forEach((link, i) => rows.push([`2026-11-${String(16 + i).padStart(2, '0')}`, link, String(12 + ((i * 7) % 11)), String(180 + i * 37), String(4 + ((i * 5) % 9))]));
  return Buffer.from(`${rows.map((row) => row.map((cell) => (/[",]/.test(cell) ? `"${cell}"` : cell)).join(',')).join('\r\n')}\r\n`, 'utf8');
}
