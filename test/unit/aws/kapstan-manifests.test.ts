// Kapstan stacks as KubernetesManifest resources of an EKS cluster, checked on the synthesized
// CloudFormation template (aws-cdk-lib/assertions): Kapstan's manifests, in Kapstan's apply order.
import { Chart, ApiObject } from 'cdk8s';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eksV1 from 'aws-cdk-lib/aws-eks';
import * as eksV2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KapstanManifests, EBS_CSI_ADDON, EBS_CSI_SERVICE_ACCOUNT, isEksV1 } from '../../../aws';
import { GROUPS, groupOf } from '../../../synth/kinds';
import { synth, testApp } from '../../../testing';
import { batchExample } from '../../../examples/batch';
import { postgresExample } from '../../../examples/postgres';
import { teamNamespaceExample } from '../../../examples/team-namespace';
import { trainingExample } from '../../../examples/patterns';
import { webServiceExample } from '../../../examples/web-service';
import { cdkStack, clusterV1, clusterV2, appliedObjects, manifestResources, type ManifestResource } from './eks-fixtures';

/** The manifest resources of one Kapstan stack, in the order their dependencies chain them. */
function chain(resources: ManifestResource[], stackName: string): ManifestResource[] {
  const mine = resources.filter((r) => r.logicalId.includes(stackName.replace(/[^A-Za-z0-9]/g, '')));
  const ids = new Set(mine.map((r) => r.logicalId));
  const first = mine.filter((r) => !r.dependsOn.some((d) => ids.has(d)));
  expect(first).toHaveLength(1);
  const ordered = [first[0]!];
  for (;;) {
    const next = mine.filter((r) => r.dependsOn.includes(ordered.at(-1)!.logicalId));
    if (next.length === 0) break;
    expect(next).toHaveLength(1);
    ordered.push(next[0]!);
  }
  expect(ordered).toHaveLength(mine.length);
  return ordered;
}

describe('KapstanManifests on an aws-eks-v2 cluster: the web, postgres and training examples', () => {
  const k8s = testApp();
  const web = webServiceExample(k8s);
  const postgres = postgresExample(k8s);
  const training = trainingExample(k8s);
  const stack = cdkStack();
  const cluster = clusterV2(stack);
  for (const s of [web, postgres, training]) new KapstanManifests(stack, `${s.node.id}-on-eks`, { cluster, source: s });
  const template = Template.fromStack(stack);
  const resources = manifestResources(template);

  it.each([['web', web], ['postgres', postgres], ['training', training]])('%s: the objects, in apply order, are what kapstan synth writes', (_name, s) => {
    const all = chain(resources, s.node.id);
    const out = synth(s);
    const expected = out.manifests;
    expect(expected.length).toBeGreaterThan(0);
    expect(appliedObjects(all, out.stacks[0]!)).toEqual(expected);
    // after the stack namespace (none of these stacks declares its own), one resource per
    // non-empty apply group, chained in the order of synth/kinds.ts
    expect(all[0]!.objects).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: out.stacks[0]!.namespace } }]);
    const ordered = all.slice(1);
    const groups = ordered.map((r) => groupOf(r.objects[0]!.kind));
    expect(groups).toEqual(GROUPS.filter((g) => expected.some((m) => groupOf(m.kind) === g)));
    for (const r of ordered) expect(new Set(r.objects.map((o) => groupOf(o.kind))).size).toBe(1);
    // kubectl apply on create (takes over what `kapstan apply` deployed before)
    for (const r of all) expect(r.overwrite).toBe(true);
  });

  it('namespaces come first and, like claims and volumes, are retained and never pruned by kubectl', () => {
    const app = testApp();
    const team = teamNamespaceExample(app);
    const batch = batchExample(app);
    const other = cdkStack();
    const eks = clusterV2(other);
    for (const s of [team, batch]) new KapstanManifests(other, `${s.node.id}-on-eks`, { cluster: eks, source: s });
    const all = manifestResources(Template.fromStack(other));
    expect(chain(all, team.node.id)[0]!.objects.map((o) => o.kind)).toContain('Namespace');
    const seen = new Set<string>();
    for (const r of [...chain(all, team.node.id), ...chain(all, batch.node.id)]) {
      const group = groupOf(r.objects[0]!.kind);
      seen.add(group);
      const retained = group === 'namespaces' || group === 'storage';
      expect({ group, deletionPolicy: r.deletionPolicy, pruned: r.pruneLabel !== undefined })
        .toEqual({ group, deletionPolicy: retained ? 'Retain' : 'Delete', pruned: !retained });
    }
    expect([...seen]).toEqual(expect.arrayContaining(['namespaces', 'storage', 'workloads']));
  });

  it('adds the EBS CSI add-on once, with its controller role through Pod Identity, before the postgres stack that uses an AwsEbsStorageClass', () => {
    const addons = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: EBS_CSI_ADDON } });
    expect(Object.keys(addons)).toHaveLength(1);
    const [addonId, addon] = Object.entries(addons)[0]! as [string, any];
    expect(addon.Properties.PodIdentityAssociations).toEqual([{ RoleArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] }, ServiceAccount: EBS_CSI_SERVICE_ACCOUNT }]);
    const roleId = addon.Properties.PodIdentityAssociations[0].RoleArn['Fn::GetAtt'][0];
    template.hasResource('AWS::IAM::Role', Match.objectLike({
      Properties: Match.objectLike({
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'pods.eks.amazonaws.com' } })], Version: '2012-10-17' },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']] }],
      }),
    }));
    expect(template.toJSON().Resources[roleId].Type).toBe('AWS::IAM::Role');
    // the agent add-on that Pod Identity needs is created with it
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' });
    expect(chain(resources, postgres.node.id)[0]!.dependsOn).toContain(addonId);
    // the stacks that need no EBS volume do not wait for it
    expect(chain(resources, web.node.id)[0]!.dependsOn).not.toContain(addonId);
  });

  it('says that Secrets are written into the template, naming them and never their values', () => {
    const secrets = synth(postgres).all('Secret');
    expect(secrets.length).toBeGreaterThan(0);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Secret .* is written into the CloudFormation template'));
    const texts = warnings.map((w) => JSON.stringify(w.entry.data));
    for (const s of secrets) expect(texts.some((t) => t.includes(`Secret ${s.metadata.namespace}/${s.metadata.name}`))).toBe(true);
    const values = secrets.flatMap((s) => Object.values({ ...s['data'], ...s['stringData'] }) as string[]);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(texts.join('\n')).not.toContain(v);
  });
});

describe('KapstanManifests on an aws-eks (v1) cluster', () => {
  it('creates aws-eks manifests with the same objects and order, on a cluster made here and on an imported one', () => {
    const k8s = testApp();
    const web = webServiceExample(k8s);
    const stack = cdkStack();
    const cluster = clusterV1(stack);
    const imported = eksV1.Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'shared', kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl' });
    expect([isEksV1(cluster), isEksV1(imported)]).toEqual([true, true]);
    const made = new KapstanManifests(stack, 'web-on-eks', { cluster, source: web });
    const shared = new KapstanManifests(stack, 'web-on-shared', { cluster: imported, source: web });
    for (const r of [...made.resources, ...shared.resources]) expect([r.resource instanceof eksV1.KubernetesManifest, r.resource instanceof eksV2.KubernetesManifest]).toEqual([true, false]);
    const resources = manifestResources(Template.fromStack(stack));
    for (const which of ['webonekscreated', 'webonshared']) {
      const mine = resources.filter((r) => r.logicalId.toLowerCase().startsWith(which.replace('created', '')));
      const ordered = chain(mine, web.node.id);
      const out = synth(web);
      expect(appliedObjects(ordered, out.stacks[0]!)).toEqual(out.manifests);
    }
  });
});

describe('KapstanManifests on an imported aws-eks-v2 cluster', () => {
  it('creates aws-eks-v2 manifests through its kubectl provider, and the EBS add-on without a Pod Identity agent of its own', () => {
    const stack = cdkStack();
    const role = iam.Role.fromRoleArn(stack, 'KubectlRole', 'arn:aws:iam::111111111111:role/kubectl');
    const kubectlProvider = eksV2.KubectlProvider.fromKubectlProviderAttributes(stack, 'Kubectl', { serviceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:kubectl', role });
    const cluster = eksV2.Cluster.fromClusterAttributes(stack, 'Shared', { clusterName: 'shared', kubectlProvider });
    expect(isEksV1(cluster)).toBe(false);
    const postgres = postgresExample(testApp());
    const added = new KapstanManifests(stack, 'pg-on-shared', { cluster, source: postgres });
    for (const r of added.resources) expect([r.resource instanceof eksV2.KubernetesManifest, r.resource instanceof eksV1.KubernetesManifest]).toEqual([true, false]);
    const template = Template.fromStack(stack);
    const resources = manifestResources(template);
    const out = synth(postgres);
    expect(appliedObjects(chain(resources, postgres.node.id), out.stacks[0]!)).toEqual(out.manifests);
    for (const r of resources) expect(JSON.stringify(template.toJSON().Resources[r.logicalId].Properties.ServiceToken)).toContain('function:kubectl');
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: EBS_CSI_ADDON, ClusterName: 'shared' });
    expect(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } })).toEqual({});
  });
});

describe('retainOnDelete', () => {
  it('retains every group (the step before kapstan apply --adopt), pruning as before', () => {
    const k8s = testApp();
    const web = webServiceExample(k8s);
    const stack = cdkStack();
    new KapstanManifests(stack, 'web-on-eks', { cluster: clusterV2(stack), source: web, retainOnDelete: true });
    const ordered = chain(manifestResources(Template.fromStack(stack)), web.node.id).slice(1); // after the stack namespace
    expect(ordered.length).toBeGreaterThan(1);
    for (const r of ordered) expect({ policy: r.deletionPolicy, pruned: r.pruneLabel !== undefined }).toEqual({ policy: 'Retain', pruned: true });
  });
});

describe('KapstanManifests of a whole cdk8s app', () => {
  it('only the stacks with an EBS StorageClass wait for the EBS add-on', () => {
    const k8s = testApp();
    const web = webServiceExample(k8s);
    const postgres = postgresExample(k8s);
    const stack = cdkStack();
    new KapstanManifests(stack, 'all', { cluster: clusterV2(stack), source: k8s });
    const template = Template.fromStack(stack);
    const [addonId] = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: EBS_CSI_ADDON } }));
    expect(addonId).toBeDefined();
    const resources = manifestResources(template);
    expect(chain(resources, postgres.node.id)[0]!.dependsOn).toContain(addonId);
    expect(chain(resources, web.node.id)[0]!.dependsOn).not.toContain(addonId);
  });

  it('chains each stack on its own; without an EBS StorageClass there is no EBS add-on', () => {
    const k8s = testApp();
    const web = webServiceExample(k8s);
    const training = trainingExample(k8s);
    const stack = cdkStack();
    new KapstanManifests(stack, 'all', { cluster: clusterV2(stack), source: k8s });
    const template = Template.fromStack(stack);
    const resources = manifestResources(template);
    for (const s of [web, training]) {
      const out = synth(s);
      expect(appliedObjects(chain(resources, s.node.id), out.stacks[0]!)).toEqual(out.manifests);
    }
    expect(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: EBS_CSI_ADDON } })).toEqual({});
  });
});

describe('a validation error', () => {
  it('fails cdk synth naming the construct path and field, and adds no manifest', () => {
    const k8s = testApp();
    const chart = new Chart(k8s, 'broken');
    new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 'eighty' }] } });
    const stack = cdkStack();
    const manifests = new KapstanManifests(stack, 'broken-on-eks', { cluster: clusterV2(stack), source: chart });
    expect(manifests.resources).toEqual([]);
    expect(() => Template.fromStack(stack)).toThrow(/broken\/bad.*spec\.ports\[0\]\.port/);
  });
});

describe('validation warnings', () => {
  it('become CDK warnings naming the construct path and field, and the objects are still deployed', () => {
    const k8s = testApp();
    const chart = new Chart(k8s, 'loose', { namespace: 'loose' });
    const labels = { app: 'web' };
    new ApiObject(chart, 'web', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
    const stack = cdkStack();
    const added = new KapstanManifests(stack, 'loose-on-eks', { cluster: clusterV2(stack), source: chart });
    const out = synth(chart);
    expect(out.problems.filter((p) => p.severity === 'warning').length).toBeGreaterThan(0);
    expect(added.resources.length).toBeGreaterThan(0);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('loose/web spec\\.template\\.spec\\.containers\\[0\\]\\.image: image "nginx" has no tag'));
    expect(warnings).toHaveLength(1);
  });
});
