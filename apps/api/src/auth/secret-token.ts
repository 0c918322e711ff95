import { createHash, randomBytes } from 'node:crypto';

/**
 * Device keys and session tokens: 256 random bits, shown once. Only the SHA-256 is stored; a
 * fast hash is enough because the secret is random, not chosen by a person.
 */
export function newSecretToken(prefix: 'ksk' | 'kss'): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
