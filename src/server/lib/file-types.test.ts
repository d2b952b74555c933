import { describe, expect, it } from 'vitest';
import { ALLOWED_UPLOAD_TYPES, detectAllowedType, isAllowedMimeType } from './file-types';

// Real bytes for each type: enough of each format for magic-byte detection.
const samples = {
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpeg: Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0xff, 0xd9,
  ]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0x1a, 0x00, 0x00, 0x00]),
    Buffer.from('WEBPVP8 '),
    Buffer.from([
      0x0e, 0x00, 0x00, 0x00, 0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
    ]),
  ]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  heic: isoBmff('heic', ['mif1', 'heic']),
  heif: isoBmff('mif1', ['mif1', 'heic']),
  heicSequence: isoBmff('hevc', ['msf1', 'hevc']),
  heifSequence: isoBmff('msf1', ['msf1']),
  mp4: isoBmff('isom', ['isom', 'mp41']),
  html: Buffer.from(
    '<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script></body></html>',
  ),
  svg: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
  ),
  xmlSvg: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
  text: Buffer.from('Just some plain text describing a broken boiler.\n'),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56)]),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]),
  gif: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
};

/** An ISO-BMFF file starting with an 'ftyp' box (HEIC/HEIF/MP4). */
function isoBmff(major: string, compatible: string[]): Buffer {
  const size = 16 + compatible.length * 4;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  box.writeUInt32BE(0, 12);
  compatible.forEach((brand, i) => {
    box.write(brand, 16 + i * 4, 'latin1');
  });
  // A trailing 'meta' box header so the file is more than just the ftyp box.
  return Buffer.concat([box, Buffer.from([0x00, 0x00, 0x00, 0x08]), Buffer.from('meta')]);
}

describe('detectAllowedType', () => {
  it.each([
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpg'],
    ['webp', 'image/webp', 'webp'],
    ['pdf', 'application/pdf', 'pdf'],
    ['heic', 'image/heic', 'heic'],
    ['heif', 'image/heif', 'heif'],
  ] as const)('accepts %s by its bytes', async (sample, mimeType, extension) => {
    expect(await detectAllowedType(samples[sample])).toEqual({ mimeType, extension });
  });

  it.each([
    'html',
    'svg',
    'xmlSvg',
    'text',
    'elf',
    'exe',
    'gif',
    'mp4',
    'heicSequence',
    'heifSequence',
  ] as const)('refuses %s', async (sample) => {
    expect(await detectAllowedType(samples[sample])).toBeNull();
  });

  it('refuses empty and unrecognisable bytes', async () => {
    expect(await detectAllowedType(Buffer.alloc(0))).toBeNull();
    expect(await detectAllowedType(Buffer.from([0x00, 0x01, 0x02]))).toBeNull();
    expect(await detectAllowedType(Buffer.alloc(4096, 0x41))).toBeNull();
  });

  it('goes by content only: HTML after a fake extension is still refused, a PNG is still a PNG', async () => {
    // The function never sees a filename; these are the same bytes whatever the client called them.
    expect(await detectAllowedType(Buffer.concat([samples.html, Buffer.from('.jpg')]))).toBeNull();
    expect((await detectAllowedType(samples.png))?.mimeType).toBe('image/png');
  });

  it('only detects a PDF when the signature is at the start', async () => {
    expect(await detectAllowedType(Buffer.concat([Buffer.from('<html>'), samples.pdf]))).toBeNull();
  });

  it('every allowed type maps to a plain lowercase extension', () => {
    for (const [mime, ext] of Object.entries(ALLOWED_UPLOAD_TYPES)) {
      expect(isAllowedMimeType(mime)).toBe(true);
      expect(ext).toMatch(/^[a-z0-9]+$/);
    }
    expect(isAllowedMimeType('image/svg+xml')).toBe(false);
    expect(isAllowedMimeType('toString')).toBe(false);
  });
});
