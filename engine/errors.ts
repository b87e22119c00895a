/** A mistake in what the user asked for, found before any API call. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Details of a refused API request, so messages can say what was refused and where. */
export interface RequestInfo {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** A Kubernetes API error response (Status object) with the request it answered. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly request: RequestInfo,
    readonly body: any,
  ) {
    super(message);
  }
}

/** Builds the human message for an API error; a 403 names the verb, resource and namespace. */
export function describeApiError(status: number, body: any, req: RequestInfo): string {
  const where = req.namespace ? ` in namespace "${req.namespace}"` : ' (cluster scope)';
  const target = `${req.resource}${req.name ? ` "${req.name}"` : ''}`;
  if (status === 403) {
    return `forbidden: the cluster refused to ${req.verb} ${target}${where}` +
      (body?.message ? ` (${body.message})` : '');
  }
  if (status === 401) return `unauthorized: the credentials in the kubeconfig were rejected (${req.verb} ${target})`;
  const msg = body?.message ?? (typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}`);
  return `${req.verb} ${target}${where}: ${msg}`;
}
