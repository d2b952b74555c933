// Right-to-left text for the PDF writer. pdfkit (through fontkit) shapes an Arabic run and lays it out
// right to left, but it neither reorders a line that mixes directions (numbers, Latin names) nor keeps
// the spaces of a reversed run. So each line goes through the Unicode bidi algorithm here and is cut
// into visual tokens: words drawn one by one, left to right, each in the order fontkit expects.
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

export type VisualToken = { kind: 'word'; text: string } | { kind: 'space' };

const SPACE = /\s/;
/** Direction marks and isolates steer the algorithm but draw nothing. */
const INVISIBLE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Keeps `text` (a date, a number range) left to right wherever it stands, as its own isolate. */
export const isolateLtr = (text: string) => `\u2066${text}\u2069`;

/** The tokens of one line of `text`, in visual order from left to right. */
export function visualTokens(text: string, direction: 'rtl' | 'ltr' | 'auto'): VisualToken[] {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  if (line === '') return [];
  const levels = bidi.getEmbeddingLevels(line, direction);
  const order = bidi.getReorderedIndices(line, levels);
  const tokens: VisualToken[] = [];
  let word: string[] = [];
  let wordRtl = false;
  const flush = () => {
    if (word.length === 0) return;
    // Characters of a right-to-left word arrive reversed: give fontkit the logical order back.
    tokens.push({ kind: 'word', text: (wordRtl ? word.reverse() : word).join('') });
    word = [];
  };
  for (const index of order) {
    const char = line[index] as string;
    if (INVISIBLE.test(char)) continue;
    if (SPACE.test(char)) {
      flush();
      tokens.push({ kind: 'space' });
      continue;
    }
    const rtl = ((levels.levels[index] ?? 0) & 1) === 1;
    if (word.length > 0 && rtl !== wordRtl) flush();
    wordRtl = rtl;
    word.push(rtl ? (bidi.getMirroredCharacter(char) ?? char) : char);
  }
  flush();
  return tokens;
}
