import { describe, expect, it } from 'vitest';
import { entryPieces } from './check-body.js';

/** A small seeded generator, so a failure can be run again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

// Everything that could be mistaken for structure when it is inside a string.
const tricky = [
  ',',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  '\\"',
  '\\\\',
  ':',
  ' ',
  '\n',
  'é',
  '😀',
  '\u2028',
  '\u0000',
];

function entry(next: () => number, n: number): unknown {
  const piece = () => tricky[Math.floor(next() * tricky.length)] as string;
  const id = `${n}${Array.from({ length: Math.floor(next() * 6) }, piece).join('')}`;
  switch (n % 4) {
    case 0:
      return { id, sha256: 'ab'.repeat(32), size: n };
    case 1:
      return {
        id,
        assetId: `${piece()}ASSET/${n}`,
        resourceType: 'photo',
        modifiedAt: '2024-05-01T10:00:00Z',
      };
    case 2:
      return { nested: { list: [1, [2, { deep: piece() }], {}], empty: [] }, id };
    default:
      return n % 8 === 3 ? [piece(), { id }] : `${piece()}plain`;
  }
}

/** JSON text of `value` with random whitespace between its tokens, as a client might format it. */
function spaced(next: () => number, value: unknown): string {
  const space = () => [' ', '\t', '\n', '\r\n', '', '', ''][Math.floor(next() * 7)] as string;
  if (Array.isArray(value))
    return `[${space()}${value.map((v) => spaced(next, v)).join(`${space()},${space()}`)}${space()}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}${space()}:${space()}${spaced(next, v)}`,
    );
    return `{${space()}${members.join(`,${space()}`)}${space()}}`;
  }
  return JSON.stringify(value);
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
/** Each piece's entries, parsed as the threads parse them; undefined for a piece that does not parse. */
const piecesRead = (body: Uint8Array, pieceBytes: number) =>
  entryPieces(body, pieceBytes)?.map(({ from, to }) => {
    try {
      const entries: unknown[] = JSON.parse(`[${Buffer.from(body.subarray(from, to)).toString('utf8')}]`);
      return entries.length ? entries : undefined;
    } catch {
      return undefined;
    }
  });

describe('entryPieces', () => {
  it('cuts a plain body, in any layout, into pieces that each parse to a run of its entries', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = random(seed);
      const entries = Array.from({ length: 1 + Math.floor(next() * 300) }, (_, n) => ({
        id: `${seed}-${n}`,
        ...(n % 2
          ? { sha256: 'ab'.repeat(32), size: n }
          : { assetId: `A/${n}`, modifiedAt: '2024-05-01T10:00:00Z' }),
      }));
      const text = `${[' ', '\n', ''][seed % 3]}${spaced(next, { entries })}${['', '\n', ' \r\n'][seed % 3]}`;
      const pieces = piecesRead(bytes(text), 1 + Math.floor(next() * 4000));
      expect(pieces?.every(Boolean), `seed ${seed}`).toBe(true);
      expect(pieces?.flat()).toEqual(entries);
    }
  });

  it('never gives pieces that all parse but hold other entries, whatever the strings hold', () => {
    let whole = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const entries = Array.from({ length: 1 + Math.floor(next() * 60) }, (_, n) => entry(next, n));
      const body = bytes(spaced(next, { entries }));
      const pieces = piecesRead(body, 1 + Math.floor(next() * 300));
      expect(pieces, `seed ${seed}`).toBeDefined();
      // Some cuts land inside strings or nested objects: those bodies are read whole instead.
      if (pieces?.every(Boolean)) expect(pieces.flat(), `seed ${seed}`).toEqual(entries);
      else whole++;
    }
    // The generator's strings do hold `},{` and its entries nest objects: both ways are taken.
    expect(whole).toBeGreaterThan(0);
    expect(whole).toBeLessThan(300);
  });

  it('leaves any other shape to be parsed whole', () => {
    const others = [
      '',
      '[]',
      '{}',
      '{"entries":{}}',
      '{"entries":[{"id":"a"}],"more":1}',
      '{"more":1,"entries":[{"id":"a"}]}',
      '{"entries":[{"id":"a"}]} x',
      '{"entries":[{"id":"a"}]',
      '{"entr\\u0069es":[{"id":"a"}]}',
      '\uFEFF{"entries":[{"id":"a"}]}',
    ];
    for (const text of others) expect(entryPieces(bytes(text), 4), text).toBeUndefined();
  });

  it('gives an empty array or broken JSON as pieces that do not parse, to be read whole', () => {
    for (const text of [
      '{"entries":[]}',
      '{ "entries" : [ \n ] }',
      '{"entries":[{"id":"a"},,{"id":"b"}]}',
      '{"entries":[{id:a}]}',
    ]) {
      expect(
        piecesRead(bytes(text), 4)?.some((piece) => piece === undefined),
        text,
      ).toBe(true);
    }
  });
});
