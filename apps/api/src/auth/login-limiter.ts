import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { KeepsakeError } from '../errors.js';

/**
 * Slows password guessing: at most 5 failed sign-ins per account and 30 per address in 15
 * minutes. In memory, so a restart forgets; that is acceptable for one process, and scrypt
 * already makes each guess slow.
 */
export class LoginLimiter {
  private readonly perAccount = new RateLimiterMemory({ keyPrefix: 'account', points: 5, duration: 15 * 60 });
  private readonly perAddress = new RateLimiterMemory({
    keyPrefix: 'address',
    points: 30,
    duration: 15 * 60,
  });

  /** Throws RATE_LIMITED, with the wait, when either budget is spent. */
  async check(email: string, address: string | undefined): Promise<void> {
    const [account, client] = await Promise.all([
      this.perAccount.get(email),
      address ? this.perAddress.get(address) : Promise.resolve(null),
    ]);
    const blocked = [account, client].filter(
      (r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0 && r.msBeforeNext > 0,
    );
    if (blocked.length > 0) throw tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)));
  }

  async failed(email: string, address: string | undefined): Promise<void> {
    await Promise.all([
      this.perAccount.penalty(email, 1),
      address ? this.perAddress.penalty(address, 1) : Promise.resolve(),
    ]);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }
}

function tooMany(ms: number): KeepsakeError {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new KeepsakeError(
    'RATE_LIMITED',
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}
