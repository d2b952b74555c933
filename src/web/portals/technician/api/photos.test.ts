import { describe, expect, it } from 'vitest';
import { distanceKm } from './location';
import { fitWithin, MAX_PHOTO_EDGE } from './photos';

describe('fitWithin', () => {
  it('keeps a photo that already fits', () => {
    expect(fitWithin(1600, 1200)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(MAX_PHOTO_EDGE, 10)).toEqual({ width: MAX_PHOTO_EDGE, height: 10 });
  });

  it('brings the long edge down to 2048 and keeps the aspect ratio, landscape or portrait', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(10_000, 1)).toEqual({ width: 2048, height: 1 });
  });
});

describe('distanceKm', () => {
  it('is zero for one point and about 850 km from Riyadh to Jeddah', () => {
    const riyadh = { latitude: 24.7136, longitude: 46.6753 };
    expect(distanceKm(riyadh, riyadh)).toBe(0);
    const km = distanceKm(riyadh, { latitude: 21.4858, longitude: 39.1925 });
    expect(km).toBeGreaterThan(830);
    expect(km).toBeLessThan(870);
  });
});
