// Names and labels shared by the CanaryRelease construct and `kapstan promote` / `kapstan abort`.

/** On every object of a release: the release name (how the CLI finds its Ingress/HTTPRoute). */
export const CANARY_LABEL = 'kapstan.io/canary';
/** On pods and Deployments: `stable` or `canary`. */
export const TRACK_LABEL = 'kapstan.io/track';
/** On the canary Ingress: ingress-nginx's weight annotation. */
export const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary';
export const NGINX_CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';

export type Track = 'stable' | 'canary';

export const trackName = (release: string, track: Track): string => `${release}-${track}`;
