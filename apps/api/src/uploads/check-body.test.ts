import { describe, expect, it } from 'vitest';
import { entrySpans } from './check-body.js';

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
const spanTexts = (body: Uint8Array) => {
  const spans = entrySpans(body);
  return spans?.starts.map((start, n) => Buffer.from(body.subarray(start, spans.ends[n])).toString('utf8'));
};

describe('entrySpans', () => {
  it('finds every entry of a {"entries": […]} body, whatever its strings and whitespace hold', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const entries = Array.from({ length: 1 + Math.floor(next() * 40) }, (_, n) => entry(next, n));
      const text = `${[' ', '\n', ''][seed % 3]}${spaced(next, { entries })}${['', '\n', ' \r\n'][seed % 3]}`;
      expect(JSON.parse(text).entries).toEqual(entries);
      const found = spanTexts(bytes(text));
      expect(
        found?.map((span) => JSON.parse(span)),
        `seed ${seed}`,
      ).toEqual(entries);
    }
  });

  it('leaves any other shape to be parsed whole', () => {
    const others = [
      '',
      '[]',
      '{}',
      '{"entries":[]}',
      '{ "entries" : [ \n ] }',
      '{"entries":{}}',
      '{"entries":[{"id":"a"}],"more":1}',
      '{"more":1,"entries":[{"id":"a"}]}',
      '{"entries":[{"id":"a"}]} x',
      '{"entries":[{"id":"a"}]',
      '{"entries":[{"id":"a"}',
      '{"entries":[{"id":"a"}}]}',
      '{"entr\\u0069es":[{"id":"a"}]}',
      '\uFEFF{"entries":[{"id":"a"}]}',
      '{"entries":[{"id":"a"]}',
      '{"entries":[{"id":"a\\"}]}',
      '{"entries":[{"id":"a"}]}]}',
    ];
    for (const text of others) expect(entrySpans(bytes(text)), text).toBeUndefined();
  });

  it('finds spans in a body that is not JSON, for JSON.parse to refuse', () => {
    // Not judged here: each span fails to parse, and the whole body is then parsed for its error.
    expect(spanTexts(bytes('{"entries":[{"id":"a"},,{"id":"b"} ,]}'))).toEqual([
      '{"id":"a"}',
      '',
      '{"id":"b"} ',
      '',
    ]);
    expect(spanTexts(bytes('{"entries":[{id:a}]}'))).toEqual(['{id:a}']);
  });
});
