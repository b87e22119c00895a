export * from './canary-release';
export { CANARY_LABEL, TRACK_LABEL, NGINX_CANARY, NGINX_CANARY_WEIGHT, trackName, type Track } from './names';
