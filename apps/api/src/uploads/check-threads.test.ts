import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { tempDatabase } from '../testing/temp-db.js';
import type { Caller } from './caller.js';
import { joinPieces } from './check-answer.js';
import { entryPieces } from './check-body.js';
import { CheckThreads } from './check-threads.js';

let database: ReturnType<typeof tempDatabase>;
let caller: Caller;
const pools: CheckThreads[] = [];

beforeEach(async () => {
  database = tempDatabase();
  const user = await createUser(database.db, {
    email: 'me@example.com',
    password: 'a long password',
    role: 'member',
  });
  caller = { userId: user.id, deviceId: null };
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  database.cleanup();
});

const threadsFor = (file: string) => {
  const pool = new CheckThreads(file);
  pools.push(pool);
  return pool;
};

/** A check of `count` entries never stored, cut into pieces as the route cuts it. */
function check(count: number) {
  const entries = Array.from({ length: count }, (_, n) => ({ id: `e-${n}`, assetId: `PHONE-${n}/L0/001` }));
  const body = Buffer.from(JSON.stringify({ entries }));
  const pieces = entryPieces(body, 4 * 1024);
  if (!pieces) throw new Error('the test body should cut into pieces');
  return { body, pieces };
}

describe('the check threads', () => {
  it('start with the first check, at most two, and answer every piece in order', async () => {
    const threads = threadsFor(database.sqlite.name);
    expect(threads.running).toBe(0);
    const { body, pieces } = check(500);
    expect(pieces.length).toBeGreaterThan(4);

    const answer = joinPieces(await threads.answer(caller, body, pieces));
    const results = JSON.parse(answer?.join('') ?? '{}').results as { id: string; exists: boolean }[];
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, n) => `e-${n}`));
    expect(results.every((r) => !r.exists)).toBe(true);
    expect(threads.running).toBeGreaterThan(0);
    expect(threads.running).toBeLessThanOrEqual(2);
  });

  it('fail a check they cannot answer with the reason, and answer the next one', async () => {
    const missing = threadsFor(`${database.sqlite.name}.missing`);
    const { body, pieces } = check(50);
    await expect(missing.answer(caller, body, pieces)).rejects.toThrow(
      /The check could not be answered: unable to open database file/,
    );

    const threads = threadsFor(database.sqlite.name);
    await expect(threads.answer(caller, body, [{ part: 0, parts: 1 }])).resolves.toHaveLength(1);
  });

  it('refuse work once closed, and leave no thread running', async () => {
    const threads = threadsFor(database.sqlite.name);
    const { body, pieces } = check(300);
    const answering = expect(threads.answer(caller, body, pieces)).rejects.toThrow(/shutting down/);
    await threads.close();
    await answering;
    await expect(threads.answer(caller, body, pieces)).rejects.toThrow(/shutting down/);
    expect(threads.running).toBe(0);
  });
});
