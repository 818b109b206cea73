import { describe, expect, it } from 'vitest';
import { acceptedQualities, chooseCoding, type PrecompressedCoding } from '../../../../bridge/server/content-encoding.ts';

const both = new Set<PrecompressedCoding>(['br', 'gzip']);

describe('chooseCoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['*', 'br'],
    ['*;q=0', null],
    ['br;q=0, *', 'gzip'],
    ['x-gzip', 'gzip'],
    ['BR', 'br'],
    ['', null],
  ])('for Accept-Encoding %j picks %j', (header, expected) => {
    expect(chooseCoding(header, both)).toBe(expected);
  });

  it('sends the file as it is to a client that sends no Accept-Encoding', () => {
    expect(chooseCoding(undefined, both)).toBeNull();
  });

  it('never picks a coding the build wrote no copy for', () => {
    expect(chooseCoding('br', new Set<PrecompressedCoding>(['gzip']))).toBeNull();
    expect(chooseCoding('br, gzip', new Set<PrecompressedCoding>(['gzip']))).toBe('gzip');
  });

  it('reads a malformed quality as a refusal', () => {
    expect(chooseCoding('br;q=2, gzip;q=abc', both)).toBeNull();
  });
});

describe('acceptedQualities', () => {
  it('reads an overlong header as identity only, in time linear in its length', () => {
    expect(acceptedQualities(`br, ${'x;q=1, '.repeat(10_000)}`).size).toBe(0);
  });

  it('joins a header sent more than once', () => {
    expect(acceptedQualities(['gzip', 'br;q=0.9'])).toEqual(new Map([['gzip', 1], ['br', 0.9]]));
  });
});
