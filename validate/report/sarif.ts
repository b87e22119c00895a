// SARIF 2.1.0 for CI systems (GitHub code scanning, GitLab, Azure DevOps) to show problems inline.
import type { Problem } from '../../synth/types';
import { DEFAULT_SEVERITY } from '../rules';
import { locateField } from './field-location';

/** Where a problem's object came from: a manifest file and document, or only a construct path. */
export interface ProblemSource {
  /** The file to read (for stdin: a copy). */
  file?: string;
  document?: number;
  /** The name users know the file by (`<stdin>`), when it differs. */
  name?: string;
}

const RULE_HELP: Record<string, string> = {
  schema: 'Kubernetes 1.34 OpenAPI schema',
  apiserver: "The Kubernetes 1.34 API server's validation code",
};

export function toSarif(problems: Problem[], sourceOf: (p: Problem) => ProblemSource, version: string, relativeTo: (file: string) => string): object {
  const ruleIds = [...new Set([...Object.keys(DEFAULT_SEVERITY), ...problems.map((p) => p.rule)])];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kapstan',
          version,
          informationUri: 'https://github.com/kapstan/kapstan/blob/main/validate/README.md',
          rules: ruleIds.map((id) => ({
            id,
            shortDescription: { text: RULE_HELP[id] ?? `Kapstan validation rule ${id}` },
            defaultConfiguration: { level: DEFAULT_SEVERITY[id] === 'warning' ? 'warning' : 'error' },
          })),
        },
      },
      results: problems.map((p) => {
        const src = sourceOf(p);
        const logical = [{ fullyQualifiedName: p.field ? `${p.path} ${p.field}` : p.path, kind: 'object' }];
        const location: Record<string, unknown> = { logicalLocations: logical };
        if (src.file) {
          const at = src.document ? locateField(src.file, src.document, p.field) : undefined;
          location.physicalLocation = {
            artifactLocation: { uri: src.name && src.name !== src.file ? src.name : relativeTo(src.file) },
            ...(at ? { region: { startLine: at.line, startColumn: at.column } } : {}),
          };
        }
        return {
          ruleId: p.rule,
          ruleIndex: ruleIds.indexOf(p.rule),
          level: p.severity === 'error' ? 'error' : 'warning',
          message: { text: p.field ? `${p.field}: ${p.message}` : p.message },
          locations: [location],
        };
      }),
    }],
  };
}
