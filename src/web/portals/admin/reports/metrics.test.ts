import { describe, expect, it } from 'vitest';
import { createMetricFormat, trendTone } from './metrics';

describe('metric formats', () => {
  const en = createMetricFormat('en');
  const ar = createMetricFormat('ar');

  it('shows minutes as minutes, hours and minutes, or days and hours', () => {
    expect(en.duration(45)).toBe('45 mins');
    expect(en.duration(125)).toBe('2 hrs 5 mins');
    expect(en.duration(120)).toBe('2 hrs');
    expect(en.duration(1500)).toBe('1 day 1 hr');
    expect(en.duration(64.6)).toBe('1 hr 5 mins');
    expect(en.duration(null)).toBe('—');
    expect(ar.duration(125)).toBe('2 س 5 د');
    expect(ar.duration(125)).not.toBe(en.duration(125));
  });

  it('shows percent points, signed changes and ratings', () => {
    expect(en.percent(87.5)).toBe('87.5%');
    expect(en.percent(null)).toBe('—');
    expect(en.change(12.5)).toBe('+12.5%');
    expect(en.change(-27.8)).toBe('-27.8%');
    expect(en.rating(4)).toBe('4.0');
    expect(ar.percent(50)).toContain('50');
  });
});

describe('trend tone', () => {
  it('is good when the figure moved the better way', () => {
    expect(trendTone(10, true)).toBe('good');
    expect(trendTone(10, false)).toBe('bad');
    expect(trendTone(-10, false)).toBe('good');
    expect(trendTone(5, null)).toBe('neutral');
    expect(trendTone(0, true)).toBe('neutral');
  });
});
