/** JSON's whitespace: space, tab, line feed, carriage return. */
const isSpace = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const entriesKey = Buffer.from('"entries"');

/** A run of a check body's entries, by its bytes: what lies between two commas of the array. */
export interface BytePiece {
  from: number;
  to: number;
}

/**
 * A check body cut into pieces of about `pieceBytes` that can each be parsed alone, so that the
 * check threads share a large body's parsing and the pieces go to whichever thread is free. Only
 * for the plain shape `{"entries":[…]}` (whitespace allowed between tokens); any other body
 * returns `undefined` and is parsed whole.
 *
 * Cuts are made where one entry object ends and the next begins (`}`, `,`, `{`, with whitespace
 * between), found without parsing. A cut can be wrong (inside a string that holds `},{`, or
 * between objects nested in an entry), and that cannot change an answer: the pieces tile the
 * array's text, so if every piece parses as a non-empty JSON array, the whole body is JSON with
 * exactly their entries, in order. A cut inside a string leaves pieces that do not parse, and the
 * body is then read whole.
 */
export function entryPieces(body: Uint8Array, pieceBytes: number): BytePiece[] | undefined {
  const content = arrayContent(body);
  if (!content) return undefined;
  const pieces: BytePiece[] = [];
  let from = content.from;
  for (let target = from + pieceBytes; target < content.to; target = from + pieceBytes) {
    const comma = commaBetweenObjects(body, target, content.to);
    if (comma === undefined) break;
    pieces.push({ from, to: comma });
    from = comma + 1;
  }
  pieces.push({ from, to: content.to });
  return pieces;
}

/** Where the text inside `{"entries":[` … `]}` starts and ends; undefined for another shape. */
function arrayContent(body: Uint8Array): BytePiece | undefined {
  let i = 0;
  const skipSpace = () => {
    while (isSpace(body[i])) i++;
  };
  skipSpace();
  if (body[i++] !== 0x7b /* { */) return undefined;
  skipSpace();
  for (const byte of entriesKey) if (body[i++] !== byte) return undefined;
  skipSpace();
  if (body[i++] !== 0x3a /* : */) return undefined;
  skipSpace();
  if (body[i++] !== 0x5b /* [ */) return undefined;
  const from = i;

  let end = body.length - 1;
  while (isSpace(body[end])) end--;
  if (body[end--] !== 0x7d /* } */) return undefined;
  while (isSpace(body[end])) end--;
  if (body[end] !== 0x5d /* ] */ || end < from) return undefined;
  return { from, to: end };
}

/** The first comma at or after `from` with an object's end before it and an object after. */
function commaBetweenObjects(body: Uint8Array, from: number, to: number): number | undefined {
  for (let close = body.indexOf(0x7d /* } */, from); close !== -1 && close < to; ) {
    let i = close + 1;
    while (isSpace(body[i])) i++;
    if (body[i] === 0x2c /* , */) {
      const comma = i++;
      while (isSpace(body[i])) i++;
      if (body[i] === 0x7b /* { */ && comma < to) return comma;
    }
    close = body.indexOf(0x7d, close + 1);
  }
  return undefined;
}
