import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { isWildcardOrDnsSubdomain } from '../../dns-names';
import { constructError } from '../errors';

export { HttpIngressPathType, IngressBackend } from 'cdk8s-plus-34';

/** One route of an Ingress: requests for host+path go to a Service port. */
export interface IngressRoute {
  /** Host name, e.g. `shop.example.com` or `*.example.com`. Default: any host. */
  readonly host?: string;
  /** URL path; must start with `/`. Default `/`. */
  readonly path?: string;
  /** How the path matches. Default Prefix. */
  readonly pathType?: kplus.HttpIngressPathType;
  /** The Service to route to. */
  readonly service: kplus.Service;
  /** Service port; required when the Service has more than one port. */
  readonly port?: number;
  /**
   * Service port by name instead of number (`port: { name }` in the backend), e.g. `http`: the
   * route keeps working when the port number changes. Must name a port of the Service.
   */
  readonly portName?: string;
}

/** TLS for a set of hosts, with the certificate in a TLS Secret. */
export interface IngressTlsSpec {
  /** Hosts covered by the certificate. */
  readonly hosts: string[];
  /** The `kubernetes.io/tls` Secret holding the certificate (e.g. a Kapstan TlsSecret). */
  readonly secret: kplus.ISecret;
}

export interface IngressProps extends KapstanResourceProps {
  /** IngressClass to use (e.g. `nginx`). Default: the cluster's default class. */
  readonly className?: string;
  /** Routes to Services. More can be added with `addRoute`. */
  readonly routes?: IngressRoute[];
  /** Backend for requests that match no route. */
  readonly defaultBackend?: kplus.IngressBackend;
  /** TLS termination per host set. */
  readonly tls?: IngressTlsSpec[];
}


/**
 * An Ingress built on the cdk8s-plus Ingress, with routes given as data and errors that name
 * this construct.
 */
export class Ingress extends kplus.Ingress {
  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props), className: props.className, defaultBackend: props.defaultBackend });
    for (const route of props.routes ?? []) this.addRoute(route);
    props.tls?.forEach((tls, i) => {
      tls.hosts.forEach((host, j) => this.checkHost(`spec.tls[${i}].hosts[${j}]`, host));
    });
    if (props.tls) this.addTls(props.tls.map((t) => ({ hosts: t.hosts, secret: t.secret })));
  }

  /** Route host+path to a Service port. */
  public addRoute(route: IngressRoute): void {
    if (route.host !== undefined) this.checkHost('spec.rules.host', route.host);
    this.addRules({ host: route.host, path: route.path ?? '/', pathType: route.pathType, backend: this.backendOf(route) });
  }

  /** cdk8s-plus compatible; rule errors name this construct. */
  public addRules(...rules: kplus.IngressRule[]): void {
    try {
      super.addRules(...rules);
    } catch (e) {
      throw constructError(this, 'spec.rules', (e as Error).message);
    }
  }

  private backendOf(route: IngressRoute): kplus.IngressBackend {
    const field = 'spec.rules.http.paths.backend.service.port';
    if (route.portName !== undefined) {
      if (route.port !== undefined) throw constructError(this, field, 'give port or portName, not both');
      if (!route.service.ports.some((p) => p.name === route.portName)) {
        throw constructError(this, `${field}.name`, `service ${route.service.node.path} has no port named "${route.portName}"`);
      }
      return backendByPortName(route.service.name, route.portName);
    }
    try {
      return kplus.IngressBackend.fromService(route.service, { port: route.port });
    } catch (e) {
      throw constructError(this, field, `${(e as Error).message} (service ${route.service.node.path})`);
    }
  }

  private checkHost(field: string, host: string): void {
    if (!isWildcardOrDnsSubdomain(host)) {
      throw constructError(this, field, `"${host}" is not a valid host name (lowercase DNS name, optionally starting with "*.")`);
    }
  }
}

/**
 * A Service backend with a named port. cdk8s-plus builds backends by port number only; its
 * IngressBackend wraps the manifest fragment (test/unit/constructs/networking pins the output).
 */
function backendByPortName(serviceName: string, portName: string): kplus.IngressBackend {
  const Backend = kplus.IngressBackend as unknown as new (backend: object) => kplus.IngressBackend;
  return new Backend({ service: { name: serviceName, port: { name: portName } } });
}
