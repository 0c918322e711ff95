import type { DerivativeKind } from '@keepsake/shared';

/**
 * Originals are stored by content: `library/<user>/<aa>/<bb>/<sha256>.<ext>`. The client's file
 * name never becomes part of a path (only a cleaned, short extension does), and two uploads of
 * the same bytes land on the same name, so a race between them cannot store the bytes twice.
 */
export function originalKey(userId: string, sha256: string, filename: string): string {
  return `library/${userId}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}${extensionOf(filename)}`;
}

/** Derived files (thumbnail, preview) of the original with this content. */
export function derivativeKey(userId: string, sha256: string, kind: DerivativeKind): string {
  return `thumbs/${userId}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}-${kind}.${kind === 'preview' ? 'jpg' : 'webp'}`;
}

function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return match ? `.${match[1]!.toLowerCase()}` : '';
}
