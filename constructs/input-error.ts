/**
 * A problem with what the user wrote (a construct prop, an included file): the message already
 * names the construct path or file and the field, so the synth hook prints it without a stack trace.
 */
export class InputError extends Error {
  /** Read by the synth hook (plain JavaScript, so no instanceof across module copies). */
  public readonly kapstanInputError = true;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
