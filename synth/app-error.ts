// An app that throws before it synthesizes: one clear line naming where (the app's own file and
// line, or the construct path the message carries) instead of a Node stack trace; the trace and
// the app's full output stay available as `details` (shown with --verbose).
import * as path from 'path';

export interface ThrownError {
  name: string;
  message: string;
  stack: string;
  /** A Kapstan InputError: its message already names the construct path or file and the field. */
  input?: boolean;
}

/** An error of the user's app; `details` is its stack trace and output. */
export class AppError extends Error {
  constructor(message: string, readonly details: string) {
    super(message);
  }
}

// Frames in these places are not the user's code.
const LIBRARY = /(^node:|[\\/]node_modules[\\/]|^internal[\\/])/;
const KAPSTAN_ROOT = path.resolve(__dirname, '..');
const KAPSTAN_LIBRARY = ['constructs', 'stacks', 'synth', 'validate', 'engine', 'imports', 'index.ts'].map((d) => path.join(KAPSTAN_ROOT, d));

/** "file:line" of the first stack frame in the user's code, relative to `cwd` when inside it. */
export function userFrame(stack: string, cwd: string): string | undefined {
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:.*? \()?(?:file:\/\/)?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const file = m[1];
    if (LIBRARY.test(file) || KAPSTAN_LIBRARY.some((d) => file.startsWith(d))) continue;
    return `${relative(file, cwd)}:${m[2]}`;
  }
  return undefined;
}

function relative(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** The one-line explanation of an app's uncaught error. */
export function describeAppError(app: string, err: ThrownError, cwd: string): string {
  if (err.input) return `the app (${app}) failed before synthesizing: ${err.message}`;
  // Node's "Cannot find module" lists who required it: the first is the file to fix.
  const [own, requireStack] = err.message.split('\nRequire stack:\n');
  const requiredBy = requireStack?.split('\n')[0]?.replace(/^- /, '');
  if (requiredBy) return describeAppError(app, { ...err, message: `${own.trim()} (imported by ${requiredBy})` }, cwd);
  const first = err.message.split('\n').filter((l) => l.trim());
  // esbuild (tsx) and Node name the file of a syntax error in the message itself.
  const located = first.find((l) => /\.(m|c)?[jt]sx?:\d+(:\d+)?/.test(l));
  const where = located ? undefined : userFrame(err.stack, cwd);
  const text = located && first.length > 1 && /^Transform failed/.test(first[0]) ? located.replace(/ ERROR: /, ' ') : first.join(' ');
  const kind = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `the app (${app}) failed before synthesizing: ${where ? `${where}: ` : ''}${kind}${relativeIn(text, cwd)}`;
}

/** Absolute paths under cwd in a message, made relative (shorter and the way the user wrote them). */
function relativeIn(text: string, cwd: string): string {
  return text.split(`${cwd}${path.sep}`).join('');
}
