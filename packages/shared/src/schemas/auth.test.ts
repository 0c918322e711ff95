import { describe, expect, it } from 'vitest';
import { loginInputSchema, passwordSchema } from './auth.js';

describe('auth schemas', () => {
  it('lower-cases emails so one person has one account', () => {
    expect(loginInputSchema.parse({ email: 'Me@Example.COM', password: 'x' }).email).toBe('me@example.com');
  });
  it('rejects short passwords with a message a person can act on', () => {
    const result = passwordSchema.safeParse('short');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least 10 characters/);
  });
});
