// API discovery: which resource and scope a kind maps to. Group-versions are fetched lazily and
// cached for the run; kinds defined by CRDs in the same apply resolve from the CRD itself.
import type { KubeClient } from './client';
import { apiPrefix, ResourceType, splitApiVersion } from './paths';

export class UnknownKindError extends Error {}

export class Discovery {
  private groupVersions = new Map<string, Promise<ResourceType[] | undefined>>();
  private pending = new Map<string, ResourceType>();
  private groups = new Map<string, Promise<string | undefined>>();
  private unserved = new Set<string>();

  constructor(private readonly client: KubeClient) {}

  /** Registers the CRDs of this apply so their kinds resolve before the cluster serves them. */
  addCrds(crds: any[]): void {
    for (const crd of crds) {
      const group = crd.spec?.group;
      const names = crd.spec?.names ?? {};
      for (const v of crd.spec?.versions ?? []) {
        if (v.served === false) continue;
        this.pending.set(`${group}/${v.name}/${names.kind}`, {
          group, version: v.name, kind: names.kind, resource: names.plural,
          namespaced: crd.spec?.scope !== 'Cluster',
        });
      }
    }
  }

  /** True when the kind resolved only from a CRD in this apply (the cluster did not serve it yet). */
  isPendingCrdKind(apiVersion: string, kind: string): boolean {
    const { group, version } = splitApiVersion(apiVersion);
    return this.unserved.has(`${group}/${version}/${kind}`);
  }

  async resolve(apiVersion: string, kind: string, where?: string): Promise<ResourceType> {
    const { group, version } = splitApiVersion(apiVersion);
    const served = await this.groupVersion(group, version);
    const hit = served?.find((r) => r.kind === kind);
    if (hit) return hit;
    const pending = this.pending.get(`${group}/${version}/${kind}`);
    if (pending) {
      this.unserved.add(`${group}/${version}/${kind}`);
      return pending;
    }
    throw new UnknownKindError(
      `${where ? `${where}: ` : ''}the cluster does not serve kind ${kind} in ${apiVersion}` +
      (served ? '' : ` (API group-version ${apiVersion} is unknown)`) +
      `; install its CustomResourceDefinition first or add the CRD to this stack`);
  }

  /** Resolves `Kind.group` (as in contains-group-kinds) at the group's preferred version; undefined if not served. */
  async resolveGroupKind(gk: string): Promise<ResourceType | undefined> {
    const dot = gk.indexOf('.');
    const kind = dot < 0 ? gk : gk.slice(0, dot);
    const group = dot < 0 ? '' : gk.slice(dot + 1);
    let version = 'v1';
    if (group) {
      let p = this.groups.get(group);
      if (!p) {
        p = this.client.request('GET', `/apis/${group}`, { allow: [404, 503] }).then((g: any) => g?.preferredVersion?.version);
        this.groups.set(group, p);
      }
      version = (await p) ?? '';
      if (!version) return undefined;
    }
    const served = await this.groupVersion(group, version);
    return served?.find((r) => r.kind === kind);
  }

  /** Forgets a group-version (after its CRD became Established). */
  forget(apiVersion: string): void {
    const { group, version } = splitApiVersion(apiVersion);
    this.groupVersions.delete(`${group}/${version}`);
    this.groups.delete(group);
  }

  private groupVersion(group: string, version: string): Promise<ResourceType[] | undefined> {
    const key = `${group}/${version}`;
    let p = this.groupVersions.get(key);
    if (!p) {
      p = this.client.request('GET', apiPrefix(group, version), { allow: [404, 503] }).then((list: any) =>
        list?.resources
          ?.filter((r: any) => !r.name.includes('/'))
          .map((r: any) => ({ group, version, kind: r.kind, resource: r.name, namespaced: !!r.namespaced })));
      p.catch(() => this.groupVersions.delete(key));
      this.groupVersions.set(key, p);
    }
    return p;
  }
}
