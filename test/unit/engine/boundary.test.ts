// The engine is a library the CLI calls: it returns results and emits events, and never reaches
// back into cli/ (flags, prompts, the process's exit). This reads every engine source file.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ENGINE = path.resolve(__dirname, '../../../engine');
const CLI = path.resolve(__dirname, '../../../cli');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|mts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier of a file: import/export … from, import(), require(). */
function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** Code without comments, so a comment that mentions process.exit does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = sources(ENGINE);

test('the engine has source files to check', () => {
  expect(files.length).toBeGreaterThan(50);
});

test('no file under engine/ imports from cli/', () => {
  const offenders = files.flatMap((f) => specifiers(fs.readFileSync(f, 'utf8'))
    .filter((s) => s.startsWith('.') && path.resolve(path.dirname(f), s).startsWith(CLI + path.sep))
    .map((s) => `${path.relative(ENGINE, f)}: ${s}`));
  expect(offenders).toEqual([]);
});

test('no file under engine/ calls process.exit', () => {
  const offenders = files.filter((f) => /\bprocess\s*\.\s*exit\s*\(/.test(code(fs.readFileSync(f, 'utf8')))).map((f) => path.relative(ENGINE, f));
  expect(offenders).toEqual([]);
});

// The engine writes through the streams and callbacks its caller passes (Output, the reporters).
const PRINTS = /\bprocess\s*\.\s*std(out|err)\b|\bconsole\s*\.\s*(log|error|warn|info)\s*\(/;

test('no file under engine/ writes to process.stdout/stderr or the console itself', () => {
  const offenders = files.filter((f) => PRINTS.test(code(fs.readFileSync(f, 'utf8')))).map((f) => path.relative(ENGINE, f));
  expect(offenders).toEqual([]);
});

test('the checks see what they look for', () => {
  // Guards against a check that can never fail: a made-up engine file that breaks both rules.
  const text = "import { VERSION } from '../cli/version';\nif (bad) process.exit(1);\n";
  const f = path.join(ENGINE, 'made-up.ts');
  expect(specifiers(text).filter((s) => path.resolve(path.dirname(f), s).startsWith(CLI + path.sep))).toEqual(['../cli/version']);
  expect(/\bprocess\s*\.\s*exit\s*\(/.test(code(text))).toBe(true);
  expect(/\bprocess\s*\.\s*exit\s*\(/.test(code('// process.exitCode = 1; process.exit(2) in a comment\n'))).toBe(false);
  expect(PRINTS.test(code('this.stream = options.stream ?? process.stdout;\n'))).toBe(true);
  expect(PRINTS.test(code("console.error('x');\n"))).toBe(true);
  expect(PRINTS.test(code('// the CLI passes process.stdout\n'))).toBe(false);
});
