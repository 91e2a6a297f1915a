/**
 * Code 128 (code set B) for the receipt number printed on receipts, so a
 * returned receipt is found by scanning it at the refund screen (a scanner
 * types the number and Enter). Pure, so it is tested; drawn by Barcode.tsx.
 *
 * Each symbol is six widths (bar, space, bar, space, bar, space) of 1–4
 * modules adding up to 11; the stop symbol has a seventh, closing bar.
 * Symbol values 0–94 are the characters ' ' (32) to '~' (126) in code set B.
 */

/** ISO/IEC 15417 symbol patterns by value: 0–102 data and controls, 103–105 Start A/B/C, 106 Stop. */
// biome-ignore format: ten to a line, as the standard's table reads
export const PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const START_B = 104;
export const STOP = 106;
/** Blank modules each side, as the standard asks (ten times the narrowest element). */
export const QUIET_ZONE = 10;

/** Whether `text` can be drawn in code set B: printable ASCII only. */
export function encodable(text: string): boolean {
  return text.length > 0 && [...text].every((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) <= 126);
}

/** Symbol values of `text`: Start B, the characters, the check symbol, Stop. */
export function symbolsOf(text: string): number[] {
  if (!encodable(text)) throw new Error(`Code 128 B cannot encode ${JSON.stringify(text)}`);
  const data = [...text].map((c) => c.charCodeAt(0) - 32);
  const check = data.reduce((sum, value, i) => sum + value * (i + 1), START_B) % 103;
  return [START_B, ...data, check, STOP];
}

/** Bars to draw, in modules from the left edge of the quiet zone: x and width of each dark bar. */
export function barsOf(text: string): { bars: { x: number; width: number }[]; modules: number } {
  const bars: { x: number; width: number }[] = [];
  let x = QUIET_ZONE;
  for (const symbol of symbolsOf(text)) {
    const widths = (PATTERNS[symbol] as string).split('').map(Number);
    widths.forEach((width, i) => {
      if (i % 2 === 0) bars.push({ x, width });
      x += width;
    });
  }
  return { bars, modules: x + QUIET_ZONE };
}
