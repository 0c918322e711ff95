import { KeepsakeError } from '../errors.js';

/** Keyset position in the newest-first library: the last row's sort time and id. */
export interface LibraryCursor {
  sortAt: number;
  id: string;
}

export function encodeCursor(cursor: LibraryCursor): string {
  return Buffer.from(`${cursor.sortAt}:${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): LibraryCursor {
  const [sortAt, id] = Buffer.from(value, 'base64url').toString().split(':');
  if (!sortAt || !id || !/^\d+$/.test(sortAt)) {
    throw new KeepsakeError(
      'BAD_REQUEST',
      'The page cursor is not one Keepsake made; start from the first page.',
    );
  }
  return { sortAt: Number(sortAt), id };
}
