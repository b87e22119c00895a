// Text measured in terminal columns (wide and combining characters, colour escapes), so that a
// table row never wraps and a redraw knows how many screen rows the last drawing took.
import stringWidth from 'string-width';

const ESCAPES = /\x1b\[[0-9;]*m/g;

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `width` columns, with "…" when cut. Plain text (no escapes). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const oneLine = text.replace(/\s+/g, ' ');
  if (stringWidth(oneLine) <= width) return oneLine;
  let out = '';
  let used = 0;
  for (const ch of oneLine) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Pads plain or coloured text with spaces to `width` columns. */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** Screen rows a line takes at `columns` (a terminal wraps what does not fit; an empty line is one row). */
export function screenRows(line: string, columns: number): number {
  const w = stringWidth(line.replace(ESCAPES, ''));
  return Math.max(1, Math.ceil(w / Math.max(1, columns)));
}
