import { Size, SizeRoundingBehavior } from 'cdk8s';
import { parseQuantity } from './quantity';

/** A storage size: a cdk8s `Size` or a Kubernetes quantity string such as `20Gi`. */
export type StorageSize = Size | string;

/** The quantity string for a size, in the largest binary unit that keeps it whole (`512Mi`, `2Gi`). */
export function sizeToQuantity(size: StorageSize): string {
  if (typeof size === 'string') return size;
  const exact = { rounding: SizeRoundingBehavior.NONE };
  const units: [string, number][] = [
    ['Pi', size.toPebibytes(exact)],
    ['Ti', size.toTebibytes(exact)],
    ['Gi', size.toGibibytes(exact)],
    ['Mi', size.toMebibytes(exact)],
    ['Ki', size.toKibibytes(exact)],
  ];
  const whole = units.find(([, n]) => Number.isInteger(n) && n > 0);
  return whole ? `${whole[1]}${whole[0]}` : `${size.toKibibytes(exact) * 1024}`;
}

/** Why a size is not a positive quantity, or undefined. */
export function sizeProblem(size: StorageSize): string | undefined {
  const bytes = parseQuantity(sizeToQuantity(size));
  if (bytes === undefined) return `"${String(size)}" is not a storage size (e.g. 10Gi)`;
  if (bytes <= 0) return `must be positive (got ${sizeToQuantity(size)})`;
  return undefined;
}
