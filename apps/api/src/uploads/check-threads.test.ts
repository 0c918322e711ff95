import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { tempDatabase } from '../testing/temp-db.js';
import type { Caller } from './caller.js';
import { type CheckAnswerParts, joinPieces } from './check-answer.js';
import { entryPieces } from './check-body.js';
import { type SlotPlace, writeAnswer } from './check-slots.js';
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
function check(count: number, first = 0) {
  const entries = Array.from({ length: count }, (_, n) => ({
    id: `e-${first + n}`,
    assetId: `PHONE-${n}/L0/001`,
  }));
  const body = Buffer.from(JSON.stringify({ entries }));
  const pieces = entryPieces(body, 4 * 1024);
  if (!pieces) throw new Error('the test body should cut into pieces');
  return { body, pieces };
}

/** The ids of an answer's results, read as a phone reads the parts sent one after another. */
const answeredIds = (parts: CheckAnswerParts | undefined) =>
  (
    JSON.parse(
      Buffer.concat(
        (parts ?? []).map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
      ).toString(),
    ).results as { id: string; exists: boolean }[]
  ).map((result) => result.id);

const ids = (count: number, first = 0) => Array.from({ length: count }, (_, n) => `e-${first + n}`);

describe('the check threads', () => {
  it('start with the first check, at most two, and answer every piece in order', async () => {
    const threads = threadsFor(database.sqlite.name);
    expect(threads.running).toBe(0);
    const { body, pieces } = check(500);
    expect(pieces.length).toBeGreaterThan(4);

    const answer = joinPieces(await threads.answer(caller, threads.slot([body]), pieces));
    expect(answeredIds(answer)).toEqual(ids(500));
    expect(threads.running).toBeGreaterThan(0);
    expect(threads.running).toBeLessThanOrEqual(2);
  });

  it('fail a check they cannot answer with the reason, and answer the next one', async () => {
    const missing = threadsFor(`${database.sqlite.name}.missing`);
    const { body, pieces } = check(50);
    const slot = missing.slot([body]);
    await expect(missing.answer(caller, slot, pieces)).rejects.toThrow(
      /The check could not be answered: unable to open database file/,
    );
    // Both threads have let go of the failed check's memory, and nothing else held it.
    expect(missing.freeSlots).toBe(2);
    expect(() => slot.hold()).toThrow(/already handed back/);

    const threads = threadsFor(database.sqlite.name);
    await expect(threads.answer(caller, threads.slot([body]), [{ part: 0, parts: 1 }])).resolves.toHaveLength(
      1,
    );
  });

  it('refuse work once closed, and leave no thread running', async () => {
    const threads = threadsFor(database.sqlite.name);
    const { body, pieces } = check(300);
    const slot = threads.slot([body]);
    const answering = expect(threads.answer(caller, slot, pieces)).rejects.toThrow(/shutting down/);
    await threads.close();
    await answering;
    await expect(threads.answer(caller, threads.slot([body]), pieces)).rejects.toThrow(/shutting down/);
    expect(threads.running).toBe(0);
  });

  it('write the answers into the check’s memory and hold it until every holder has let go', async () => {
    const threads = threadsFor(database.sqlite.name);
    const { body, pieces } = check(500);
    // The body arrives in chunks, copied one after another.
    const slot = threads.slot([body.subarray(0, 1000), body.subarray(1000)]);
    expect(threads.freeSlots).toBe(1);

    const sending = slot.hold();
    const answering = threads.answer(caller, slot, pieces);
    const answers = await answering;
    expect(answers.length).toBe(pieces.length);
    for (const answer of answers) {
      // Views of the check's own memory, not copies.
      expect('results' in answer && answer.results instanceof Uint8Array && answer.results.buffer).toBe(
        slot.memory,
      );
    }
    expect(answeredIds(joinPieces(answers))).toEqual(ids(500));
    // Sending still holds it; letting go twice counts once.
    expect(threads.freeSlots).toBe(1);
    sending();
    sending();
    expect(threads.freeSlots).toBe(2);

    // A phone that hangs up while the threads answer: the memory waits for the threads.
    const again = threads.slot([body]);
    const hungUp = again.hold();
    const stillAnswering = threads.answer(caller, again, pieces);
    hungUp();
    expect(threads.freeSlots).toBe(1);
    await stillAnswering;
    expect(threads.freeSlots).toBe(2);
  });

  it('give checks beyond the shared memory’s places memory of their own, and answer each rightly', async () => {
    const threads = threadsFor(database.sqlite.name);
    const checks = [0, 1000, 2000].map((first) => check(400, first));
    const slots = checks.map(({ body }) => threads.slot([body]));
    const sending = slots.map((slot) => slot.hold());
    expect(threads.freeSlots).toBe(0);
    expect(slots[0]?.memory).toBe(slots[1]?.memory);
    expect(slots[2]?.memory).not.toBe(slots[0]?.memory);

    const answers = await Promise.all(
      checks.map(({ pieces }, n) => threads.answer(caller, slots[n] as (typeof slots)[number], pieces)),
    );
    expect(answers.map((answer) => answeredIds(joinPieces(answer)))).toEqual([
      ids(400),
      ids(400, 1000),
      ids(400, 2000),
    ]);
    for (const letGo of sending) letGo();
    expect(threads.freeSlots).toBe(2);
  });
});

describe('writing answers to a check’s memory', () => {
  it('places each after the last, and refuses what does not fit, leaving it to be sent as text', () => {
    const place: SlotPlace = { offset: 0, bodyLength: 0, answersAt: 16, answersBytes: 20 };
    const memory = new SharedArrayBuffer(16 + 20);
    expect(writeAnswer(memory, place, 'ünï')).toEqual({ at: 0, written: 5 });
    expect(writeAnswer(memory, place, '0123456789')).toEqual({ at: 5, written: 10 });
    expect(writeAnswer(memory, place, 'too long now')).toBeUndefined();
    expect(Buffer.from(memory, 16, 15).toString()).toBe('ünï0123456789');
    // The room it would have taken stays taken: what comes after is sent as text too.
    expect(writeAnswer(memory, place, '!')).toBeUndefined();
  });
});
