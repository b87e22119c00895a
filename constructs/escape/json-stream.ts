/**
 * Splits a stream of concatenated JSON values (`{…}{…}` or one per line), as kubectl reads a JSON
 * file, into the text of each value with the line it starts on. Strings are skipped so that braces
 * inside them do not count. The pieces are parsed by the caller.
 */
export function splitJsonStream(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let depth = 0;
  let start = -1;
  let startLine = 1;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) { start = i; startLine = line; }
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) { out.push({ text: text.slice(start, i + 1), line: startLine }); start = -1; }
    } else if (depth === 0 && !/\s/.test(c)) {
      // A top-level scalar or stray character: hand the rest to JSON.parse for its error message.
      out.push({ text: text.slice(i), line });
      return out;
    }
  }
  if (start >= 0) out.push({ text: text.slice(start), line: startLine });
  return out;
}
