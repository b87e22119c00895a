import { isDns1035Label, isDnsLabel, isDnsSubdomain } from '../../dns-names';
import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { containersOf } from './pods';

interface NameRule { test: (name: string) => boolean; describe: string }

const rule = (test: (name: string, max: number) => boolean, max: number, describe: string): NameRule => ({ test: (n) => test(n, max), describe });

const DNS_LABEL = rule(isDnsLabel, 63,
  "a valid DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit");
const DNS_1035 = rule(isDns1035Label, 63,
  "a valid DNS-1035 label: at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit");
const DNS_SUBDOMAIN = rule(isDnsSubdomain, 253,
  "a valid DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit");
// Job names become a pod label value (63 characters); a CronJob appends an 11-character suffix.
const CRONJOB = rule(isDnsSubdomain, 52,
  "a valid DNS-1123 subdomain of at most 52 characters (its Jobs append an 11-character suffix): lowercase letters, digits, '-' or '.'");
const JOB = rule(isDnsSubdomain, 63,
  "a valid DNS-1123 subdomain of at most 63 characters (it becomes a pod label): lowercase letters, digits, '-' or '.'");
// RBAC objects only need to be a valid path segment.
const PATH_SEGMENT: NameRule = {
  test: (n) => n !== '.' && n !== '..' && !/[/%]/.test(n),
  describe: "a valid path segment: not '.' or '..' and without '/' or '%'",
};

/** The name rule the API server applies to each kind (default: DNS-1123 subdomain). */
const BY_KIND: Record<string, NameRule> = {
  Namespace: DNS_LABEL,
  Service: DNS_1035,
  CronJob: CRONJOB,
  Job: JOB,
  Role: PATH_SEGMENT, ClusterRole: PATH_SEGMENT, RoleBinding: PATH_SEGMENT, ClusterRoleBinding: PATH_SEGMENT,
};

export const nameRuleFor = (kind: string): NameRule => BY_KIND[kind] ?? DNS_SUBDOMAIN;

/** Object names, namespace names and container names are valid for their kind. */
export function checkNames(index: AppIndex, reporter: Reporter): void {
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (!m || typeof m !== 'object' || typeof m.kind !== 'string') continue;
    const name = m.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      if (!m.metadata?.generateName) reporter.report(obj, 'dns-name', ['metadata', 'name'], 'required field is missing');
    } else {
      const r = nameRuleFor(m.kind);
      if (!r.test(name)) reporter.report(obj, 'dns-name', ['metadata', 'name'], `"${name}" is not ${r.describe}`);
    }
    const ns = m.metadata?.namespace;
    if (typeof ns === 'string' && !DNS_LABEL.test(ns)) {
      reporter.report(obj, 'dns-name', ['metadata', 'namespace'], `"${ns}" is not ${DNS_LABEL.describe}`);
    }
  }
  for (const t of index.templates) {
    for (const c of containersOf(t)) {
      const cname = c.container.name;
      if (typeof cname === 'string' && !DNS_LABEL.test(cname)) {
        reporter.report(t.obj, 'dns-name', [...c.path, 'name'], `"${cname}" is not ${DNS_LABEL.describe}`);
      }
    }
  }
}
