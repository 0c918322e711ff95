import { describe, expect, it } from 'vitest';
import { resourceTypes } from '../enums.js';
import { isPlainCheckEntry, uploadCheckEntrySchema } from './uploads.js';

const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const fields = ['id', 'sha256', 'size', 'assetId', 'resourceType', 'modifiedAt'] as const;

/** Values each field may hold, the first ones valid: limits, wrong types, near misses. */
const candidates: Record<(typeof fields)[number], unknown[]> = {
  id: ['0-1', 'x'.repeat(200), 'ünï😀', '', 'x'.repeat(201), 5, null, ['a'], {}],
  sha256: [
    hash,
    hash.toUpperCase(),
    `${hash.slice(0, 32)}${hash.slice(32).toUpperCase()}`,
    hash.slice(1),
    `${hash}0`,
    'g'.repeat(64),
    '',
    null,
    123,
  ],
  size: [0, 1, 3_000_000, 2 ** 53 - 1, -0, -1, 1.5, 2 ** 53, 1e300, '12', null],
  assetId: ['ABC-123/L0/001', 'x', 'x'.repeat(512), '', 'x'.repeat(513), 7, null],
  resourceType: [...resourceTypes, 'Photo', 'unknown', '__proto__', 'toString', 1, null],
  modifiedAt: [
    '2024-05-01T10:00:00.000Z',
    '2024-05-01T10:00:00+02:00',
    '2024-05-01T10:00:00',
    '2024-02-29T23:59:59.5Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01',
    'yesterday',
    0,
    null,
  ],
};

/** A small seeded generator, so a failure names an entry that can be made again. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

function* entries(count: number): Generator<unknown> {
  const random = prng(7);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
  for (let n = 0; n < count; n++) {
    if (n % 97 === 0) {
      yield pick([null, [], 'entry', 3, [{ id: 'a', sha256: hash }]]);
      continue;
    }
    const entry: Record<string, unknown> = {};
    for (const field of fields) {
      const roll = random();
      if (roll < 0.3) continue; // absent
      // Mostly a valid value, so whole entries are often valid and the two must agree on them.
      const values = candidates[field];
      entry[field] = roll < 0.85 ? values[0] : pick(values);
    }
    if (random() < 0.1) entry.note = 'a key the schema does not name';
    yield entry;
  }
}

describe('isPlainCheckEntry', () => {
  it('accepts only entries the schema accepts, and that it would give back unchanged', () => {
    let plain = 0;
    let validOnlyBySchema = 0;
    for (const entry of entries(20_000)) {
      const checked = uploadCheckEntrySchema.safeParse(entry);
      if (!isPlainCheckEntry(entry)) {
        if (checked.success) validOnlyBySchema++;
        continue;
      }
      plain++;
      expect(checked.success, JSON.stringify(entry)).toBe(true);
      const given = entry as Record<string, unknown>;
      for (const field of fields)
        expect(checked.data?.[field], `${field} of ${JSON.stringify(entry)}`).toBe(given[field]);
    }
    // Both ways are exercised: many plain entries, and valid ones only the schema can settle
    // (an upper-case hash it lowercases).
    expect(plain).toBeGreaterThan(3000);
    expect(validOnlyBySchema).toBeGreaterThan(100);
  });

  it('agrees with the schema on entries as JSON.parse makes them from odd text', () => {
    const texts = [
      `{"id":"a","sha256":"${hash}","__proto__":{"id":"b"}}`,
      `{"__proto__":{"id":"a","sha256":"${hash}"}}`,
      `{"id":"a","id":"","sha256":"${hash}"}`,
      `{"id":"\\ud800","sha256":"${hash}"}`,
      `{"id":"${'😀'.repeat(100)}","sha256":"${hash}"}`,
      `{"id":"${'😀'.repeat(101)}","sha256":"${hash}"}`,
      `{"id":"a","assetId":"${'😀'.repeat(256)}"}`,
      `{"id":"a","sha256":"${hash}\\n"}`,
      `{"id":"a","sha256":"${hash}","size":-0}`,
      `{"id":"a","sha256":"${hash}","size":1.0}`,
      `{"id":"a","sha256":"${hash}","size":1e21}`,
      `{"id":"a","assetId":"x","resourceType":"constructor"}`,
    ];
    for (const text of texts) {
      const entry: unknown = JSON.parse(text);
      if (!isPlainCheckEntry(entry)) continue;
      const checked = uploadCheckEntrySchema.safeParse(entry);
      expect(checked.success, text).toBe(true);
      for (const field of fields)
        expect(checked.data?.[field], `${field} of ${text}`).toBe((entry as Record<string, unknown>)[field]);
    }
    expect(texts.map((text) => isPlainCheckEntry(JSON.parse(text))).filter(Boolean).length).toBeGreaterThan(
      3,
    );
  });

  it('takes the entries a phone sends as plain', () => {
    const sent = [
      { id: '0-0', sha256: hash, size: 3_000_000 },
      { id: '0-1', assetId: 'ABC-123/L0/001', resourceType: 'photo' },
      {
        id: '0-2',
        assetId: 'ABC-123/L0/001',
        resourceType: 'pairedVideo',
        modifiedAt: '2024-05-01T10:00:00.000Z',
      },
      { id: '0-3', sha256: hash },
    ];
    expect(sent.map(isPlainCheckEntry)).toEqual([true, true, true, true]);
    expect(isPlainCheckEntry({ id: '0-4', resourceType: 'photo' })).toBe(false);
  });
});
