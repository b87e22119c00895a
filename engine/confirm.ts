// Asking before deleting. The engine does not prompt itself: its caller passes the question to
// the user (the CLI: a prompt in a terminal, cli/confirm.ts). Without a prompt, nothing is
// deleted unless `yes` was given.
import { UsageError } from './errors';

/** Resolves to the answer: true deletes. `yes` answers without asking; `what` names the deletion in errors. */
export type Confirm = (question: string, yes: boolean | undefined, what: string) => Promise<boolean>;

/** The answer when the caller gave no prompt: `yes`, else a usage error (nothing deleted). */
export const withoutPrompt: Confirm = async (_question, yes, what) => {
  if (yes) return true;
  throw new UsageError(`${what}: nothing was deleted without a prompt to confirm it; rerun with --yes to confirm`);
};
