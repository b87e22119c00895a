const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The numeric value of a Kubernetes quantity (`500m`, `2Gi`, `1e3`), or undefined if malformed. */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  const match = QUANTITY.exec(quantity);
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  return Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : SUFFIX[suffix ?? '']);
}

/** Why a quantity is malformed or negative, or undefined. */
export function quantityProblem(quantity: string | number): string | undefined {
  const value = parseQuantity(quantity);
  if (value === undefined) return `"${quantity}" is not a Kubernetes quantity (e.g. 500m, 2Gi, 10)`;
  if (value < 0) return `must not be negative (got ${quantity})`;
  return undefined;
}
