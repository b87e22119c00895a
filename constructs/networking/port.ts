/** Why a port number is invalid, or undefined when it is fine. */
export function portProblem(port: unknown): string | undefined {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    return `must be an integer between 1 and 65535 (got ${String(port)})`;
  }
  return undefined;
}

/**
 * Why a port name is invalid (IANA service name: at most 15 lowercase letters, digits and
 * dashes, at least one letter, no leading/trailing or double dash), or undefined.
 */
export function portNameProblem(name: string): string | undefined {
  const ok = name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
  return ok ? undefined : `"${name}" is not a valid port name (at most 15 lowercase letters, digits and '-', with at least one letter)`;
}
