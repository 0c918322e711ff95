import type { ResourceType } from '@keepsake/shared';

/** Which resource stands for the asset in the grid: the edited render first, then the original. */
const order: readonly ResourceType[] = [
  'fullSizePhoto',
  'photo',
  'alternatePhoto',
  'fullSizeVideo',
  'video',
  'pairedVideo',
  'fullSizePairedVideo',
];

export function pickPrimary<T extends { type: ResourceType }>(resources: readonly T[]): T | undefined {
  const rank = (r: T) => {
    const i = order.indexOf(r.type);
    return i === -1 ? order.length : i;
  };
  return [...resources].sort((a, b) => rank(a) - rank(b))[0];
}
