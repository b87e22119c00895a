// How `kapstan synth` (the parent) and the synth hook in the app process talk: the options go
// in one environment variable, the result comes back in the file named by the other. Kept free
// of imports so that loading the CLI does not load synthesis itself.
export const OPTIONS_ENV = 'KAPSTAN_SYNTH_OPTIONS';
export const RESULT_ENV = 'KAPSTAN_SYNTH_RESULT';
