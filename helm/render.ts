import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `helm template` is run with. */
export interface RenderInput {
  readonly helm: string;
  readonly chartDir: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion: string;
  /** Values files, in order (later ones win), then `values` (wins over all files). */
  readonly valuesFiles: readonly string[];
  readonly values: Record<string, unknown>;
  /** `--include-crds`: the chart's `crds/` in the output. */
  readonly includeCrds: boolean;
  /** Extra API versions for `.Capabilities.APIVersions` (helm's `--api-versions`). */
  readonly apiVersions: readonly string[];
  /** For error messages: the construct path. */
  readonly where: string;
}

/** One document of the output and the template that produced it (`# Source:` line). */
export interface RenderedDocument {
  /** `<chart>/templates/<file>` (or `<chart>/crds/<file>`), as helm names it. */
  readonly template: string;
  /** The document's number within its template, from 1. */
  readonly document: number;
  readonly text: string;
}

/**
 * Runs `helm template` (no cluster is contacted: `lookup` returns nothing, `.Capabilities` are the
 * given Kubernetes version's) with the chart's CRDs included, hooks and tests kept (the caller
 * sorts them), and splits the output by template.
 */
export function helmTemplate(input: RenderInput): RenderedDocument[] {
  let out: string;
  try {
    out = execFileSync(input.helm, [...templateArgs(input), '--values', '-'], {
      input: JSON.stringify(input.values),
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw renderError(input, String((e as { stderr?: string }).stderr ?? ''), e as Error);
  }
  return splitDocuments(out);
}

/**
 * Two renders of the same input at once (two helm processes side by side, so on a machine with
 * two cores it costs about one render): for the determinism check of charts that call random or
 * time functions.
 */
export function helmTemplateTwice(input: RenderInput): [RenderedDocument[], RenderedDocument[]] {
  const dir = mkdtempSync(join(tmpdir(), 'kapstan-helm-render-'));
  try {
    const file = (name: string) => join(dir, name);
    writeFileSync(file('values.json'), JSON.stringify(input.values));
    // sh runs the two; the exit status is the first failure's.
    const script = '"$0" "$@" >"$KAPSTAN_DIR/a" 2>"$KAPSTAN_DIR/a.err" & p=$!; "$0" "$@" >"$KAPSTAN_DIR/b" 2>"$KAPSTAN_DIR/b.err"; b=$?; wait $p; a=$?; [ $a -ne 0 ] && exit 1; [ $b -ne 0 ] && exit 2; exit 0';
    try {
      execFileSync('sh', ['-c', script, input.helm, ...templateArgs(input), '--values', file('values.json')], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, KAPSTAN_DIR: dir },
      });
    } catch (e) {
      const which = (e as { status?: number }).status === 2 ? 'b' : 'a';
      let stderr = '';
      try {
        stderr = readFileSync(file(`${which}.err`), 'utf8');
      } catch { /* sh itself failed */ }
      throw renderError(input, stderr, e as Error);
    }
    return [splitDocuments(readFileSync(file('a'), 'utf8')), splitDocuments(readFileSync(file('b'), 'utf8'))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function templateArgs(input: RenderInput): string[] {
  return [
    'template', input.releaseName, input.chartDir,
    '--namespace', input.namespace,
    '--kube-version', input.kubeVersion,
    ...(input.includeCrds ? ['--include-crds'] : []),
    ...input.apiVersions.flatMap((v) => ['--api-versions', v]),
    ...input.valuesFiles.flatMap((f) => ['--values', f]),
  ];
}

function renderError(input: RenderInput, stderr: string, e: Error): Error {
  // helm's message names the template and line; `Error: ` is its own prefix.
  const message = stderr.trim().split('\n').filter((l) => l && !l.startsWith('Use --debug')).join('; ').replace(/^Error: /, '') || e.message;
  return new Error(`${input.where}: chart: helm template failed: ${message}`);
}

const SOURCE = /^# Source: (.+)$/m;

/** helm's output: documents separated by `---`, each after a `# Source: <template>` comment. */
export function splitDocuments(output: string): RenderedDocument[] {
  const docs: RenderedDocument[] = [];
  const count = new Map<string, number>();
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    const source = SOURCE.exec(chunk)?.[1]?.trim();
    if (!source || chunk.replace(/^#.*$/gm, '').trim() === '') continue;
    const n = (count.get(source) ?? 0) + 1;
    count.set(source, n);
    docs.push({ template: source, document: n, text: chunk });
  }
  return docs;
}
