// Where a problem's field sits in its YAML/JSON file, so CI systems can annotate the line.
import * as fs from 'fs';
import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';

export interface Location { line: number; column: number }

/** `spec.containers[0].ports[0].name`, `metadata.labels["app.kubernetes.io/name"]` -> segments. */
export function fieldSegments(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\[([^\]]*)\]/g;
  for (const m of field.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`));
    else out.push(m[4]);
  }
  return out;
}

const parsed = new Map<string, { docs: Document[]; lines: LineCounter } | undefined>();

function parse(file: string) {
  if (!parsed.has(file)) {
    try {
      const lines = new LineCounter();
      const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { lineCounter: lines, version: '1.1' });
      parsed.set(file, Array.isArray(docs) ? { docs, lines } : undefined);
    } catch {
      parsed.set(file, undefined);
    }
  }
  return parsed.get(file);
}

/**
 * The line and column of `field` in document `document` (from 1) of `file`, or of its closest
 * parent that exists there; the document's start without a field. Undefined when unreadable.
 */
export function locateField(file: string, document: number, field: string | undefined): Location | undefined {
  const p = parse(file);
  const doc = p?.docs[document - 1];
  if (!p || !doc) return undefined;
  const segments = field ? fieldSegments(field) : [];
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = p.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}
