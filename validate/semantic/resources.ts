import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { containersOf } from './pods';
import { compareExact, parseQuantity } from './quantity';

const show = (q: unknown) => (typeof q === 'string' ? q : String(q));

/** For every container and resource, the request is not above the limit. */
export function checkRequestsWithinLimits(index: AppIndex, reporter: Reporter): void {
  for (const t of index.templates) {
    for (const c of containersOf(t)) {
      const requests = c.container.resources?.requests;
      const limits = c.container.resources?.limits;
      if (!requests || !limits || typeof requests !== 'object' || typeof limits !== 'object') continue;
      for (const resource of Object.keys(requests).sort()) {
        if (!(resource in limits) || requests[resource] === limits[resource]) continue;
        const req = parseQuantity(requests[resource]);
        const lim = parseQuantity(limits[resource]);
        if (!req || !lim) continue; // malformed quantities are schema errors
        if (compareExact(req, lim) > 0) {
          reporter.report(t.obj, 'resource-quantities', [...c.path, 'resources', 'requests', resource],
            `request ${show(requests[resource])} is greater than the limit ${show(limits[resource])}`);
        }
      }
    }
  }
}
