import type { Construct } from 'constructs';
import type { Stack } from '../stacks';
import { batchExample } from './batch';
import { nodeLogAgentExample } from './node-log-agent';
import { canaryExample, nodeAgentExample, teamNamespacePatternExample, trainingExample, webServicePatternExample } from './patterns';
import { postgresExample } from './postgres';
import { teamNamespaceExample } from './team-namespace';
import { webServiceExample } from './web-service';

/** Every example, by name: each builds one stack (its golden file is test/unit/examples/__golden__/<name>.yaml). */
export const EXAMPLES: Record<string, (scope: Construct) => Stack> = {
  'web-service': webServiceExample,
  postgres: postgresExample,
  batch: batchExample,
  'node-log-agent': nodeLogAgentExample,
  'team-namespace': teamNamespaceExample,
  'web-service-pattern': webServicePatternExample,
  canary: canaryExample,
  training: trainingExample,
  'node-agent': nodeAgentExample,
  'team-namespace-pattern': teamNamespacePatternExample,
};
