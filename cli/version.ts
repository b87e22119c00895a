export { KAPSTAN_VERSION as VERSION } from '../synth/version';
