/** JSON's whitespace: space, tab, line feed, carriage return. */
const isSpace = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const entriesKey = Buffer.from('"entries"');
const quote = 0x22;

/**
 * Where each entry of a check request's `entries` array starts and ends in its bytes, found
 * without parsing them, so that each check thread parses only its own share of a large body.
 * Only for the exact shape `{"entries":[…]}` (whitespace allowed between tokens): any other body
 * (another key, an escape in the key, a byte-order mark, an empty array) returns `undefined` and
 * is parsed whole. The scan finds the array's commas, those outside any string, object or array.
 * `"` and `\` are ASCII and never part of a multi-byte UTF-8 character, so bytes are enough.
 *
 * Nothing is judged here, and a wrong span could not change an answer: the shares' texts tile the
 * array's, so if each share parses as JSON, the whole body is JSON with exactly those entries (a
 * cut inside a string would leave a share that does not parse). A share that does not parse sends
 * the body to be parsed whole, for the error a person can act on.
 */
export function entrySpans(body: Uint8Array): { starts: number[]; ends: number[] } | undefined {
  let i = 0;
  const skipSpace = () => {
    while (isSpace(body[i])) i++;
  };
  const expect = (byte: number) => {
    skipSpace();
    return body[i++] === byte;
  };
  if (!expect(0x7b /* { */)) return undefined;
  skipSpace();
  for (const byte of entriesKey) if (body[i++] !== byte) return undefined;
  if (!expect(0x3a /* : */) || !expect(0x5b /* [ */)) return undefined;

  const starts: number[] = [];
  const ends: number[] = [];
  let depth = 0;
  skipSpace();
  starts.push(i);
  for (; i < body.length; i++) {
    const byte = body[i];
    if (byte === quote) {
      // To the string's closing quote, stepping over each escaped character.
      for (let inner = body[++i]; inner !== quote; inner = body[++i]) {
        if (inner === 0x5c /* \ */) i++;
        else if (inner === undefined) return undefined;
      }
    } else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) depth++;
    else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) {
      if (depth === 0) {
        if (byte !== 0x5d) return undefined;
        ends.push(i);
        break;
      }
      depth--;
    } else if (byte === 0x2c /* , */ && depth === 0) {
      ends.push(i);
      starts.push(i + 1);
    }
  }
  // The array must be closed, then the object, then nothing but whitespace.
  if (ends.length !== starts.length) return undefined;
  i++;
  if (!expect(0x7d)) return undefined;
  skipSpace();
  if (i !== body.length) return undefined;
  // `[]` (or `[ ]`): one empty span, and no entries.
  if (starts.length === 1 && isBlank(body, starts[0] as number, ends[0] as number)) return undefined;
  return { starts, ends };
}

function isBlank(body: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(body[i])) return false;
  return true;
}
