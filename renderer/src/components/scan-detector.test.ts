import { describe, expect, it } from 'vitest';
import { ScanDetector } from './scan-detector';

const burst = (detector: ScanDetector, text: string, start: number, gap: number) => {
  let time = start;
  for (const key of text) {
    detector.feed({ key, time });
    time += gap;
  }
  return detector.feed({ key: 'Enter', time });
};

describe('ScanDetector', () => {
  it('answers the code of a fast burst ending in Enter', () => {
    expect(burst(new ScanDetector(), '8410000000017', 1000, 8)).toEqual({
      kind: 'scan',
      code: '8410000000017',
    });
  });

  it('answers a plain Enter for typing at human speed', () => {
    expect(burst(new ScanDetector(), '8410', 1000, 180)).toEqual({ kind: 'enter' });
  });

  it('keeps only the fast tail when a scan follows typed characters', () => {
    const detector = new ScanDetector();
    detector.feed({ key: 'x', time: 0 });
    expect(burst(detector, '12345678', 500, 5)).toEqual({ kind: 'scan', code: '12345678' });
  });

  it('ignores bursts shorter than a barcode and a slow final Enter', () => {
    expect(burst(new ScanDetector(), '12', 0, 5)).toEqual({ kind: 'enter' });
    const detector = new ScanDetector();
    for (const [i, key] of [...'123456'].entries()) detector.feed({ key, time: i * 5 });
    expect(detector.feed({ key: 'Enter', time: 400 })).toEqual({ kind: 'enter' });
  });

  it('starts over after a non-character key', () => {
    const detector = new ScanDetector();
    for (const [i, key] of [...'1234'].entries()) detector.feed({ key, time: i * 5 });
    detector.feed({ key: 'Backspace', time: 21 });
    expect(detector.feed({ key: 'Enter', time: 25 })).toEqual({ kind: 'enter' });
  });
});
