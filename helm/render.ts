import { execFileSync } from 'node:child_process';

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
  const args = [
    'template', input.releaseName, input.chartDir,
    '--namespace', input.namespace,
    '--kube-version', input.kubeVersion,
    ...(input.includeCrds ? ['--include-crds'] : []),
    ...input.apiVersions.flatMap((v) => ['--api-versions', v]),
    ...input.valuesFiles.flatMap((f) => ['--values', f]),
    '--values', '-',
  ];
  let out: string;
  try {
    out = execFileSync(input.helm, args, {
      input: JSON.stringify(input.values),
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
      // helm reads no user configuration that could differ between machines.
      env: { ...process.env, HELM_CACHE_HOME: process.env['HELM_CACHE_HOME'] ?? '', HELM_DEBUG: 'false' },
    });
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '').trim();
    // helm's message names the template and line; `Error: ` is its own prefix.
    const message = stderr.split('\n').filter((l) => l && !l.startsWith('Use --debug')).join('; ').replace(/^Error: /, '') || (e as Error).message;
    throw new Error(`${input.where}: chart: helm template failed: ${message}`);
  }
  return splitDocuments(out);
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
