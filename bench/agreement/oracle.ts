// The oracle: the API server's verdict on one object, from a server-side dry-run create
// (`dryRun=All`, `fieldValidation=Strict`, as kubectl sends by default). Nothing is persisted.
import { HttpMethod, KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';

export interface ServerVerdict {
  rejected: boolean;
  /** HTTP status of the refusal (422 invalid, 400 bad request, 403 forbidden, ...). */
  code?: number;
  message?: string;
  /** Fields named by the Status causes, e.g. `spec.template.spec.containers[1].name`. */
  fields: string[];
}

const RAW = 'kapstan-agreement-json';

class DryRunApi extends KubernetesObjectApi {
  async dryRunCreate(manifest: Record<string, any>): Promise<ServerVerdict> {
    const resource = await this.resource(manifest.apiVersion, manifest.kind);
    if (!resource) throw new Error(`the server does not serve ${manifest.apiVersion} ${manifest.kind}`);
    const base = String(manifest.apiVersion).includes('/') ? `/apis/${manifest.apiVersion}` : `/api/${manifest.apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${manifest.metadata?.namespace ?? 'default'}` : '';
    const ctx = this.configuration.baseServer.makeRequestContext(`${base}${ns}/${resource.name}`, HttpMethod.POST);
    ctx.setQueryParam('dryRun', 'All');
    ctx.setQueryParam('fieldValidation', 'Strict');
    ctx.setHeaderParam('Content-Type', 'application/json');
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setBody(JSON.stringify(manifest));
    return (await this.requestPromise(ctx, RAW)) as unknown as ServerVerdict;
  }

  protected async processResponse(response: any, type?: string): Promise<any> {
    if (type !== RAW) return super.processResponse(response, type);
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return { rejected: false, fields: [] };
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text };
    }
    const causes: Array<{ field?: string }> = body?.details?.causes ?? [];
    return {
      rejected: true,
      code: response.httpStatusCode,
      message: body?.message ?? text,
      fields: causes.map((c) => c.field ?? '').filter(Boolean),
    } satisfies ServerVerdict;
  }
}

/** Dry-run creates against one cluster; objects need their namespace to exist. */
export class Oracle {
  private readonly api: DryRunApi;
  constructor(kc: KubeConfig) {
    this.api = kc.makeApiClient(DryRunApi);
  }

  verdict(manifest: Record<string, any>): Promise<ServerVerdict> {
    return this.api.dryRunCreate(manifest);
  }
}
