import { checkEntryLimits } from '@keepsake/shared';

/**
 * The largest check body the route reads: 5,000 entries of a phone's usual ~100 bytes fit eight
 * times over (ids and asset ids at their longest allowed lengths would not).
 */
export const checkBodyLimit = 4 * 1024 * 1024;

/**
 * A result is its entry's id and at most this much more: `{"id":…,"exists":true,"assetId":…,
 * "resourceId":…}` and a comma, with Keepsake's ids (36-character UUIDs), is 125 bytes.
 */
const resultOverhead = 128;
/** Two counters the threads share (the next piece, the bytes of answers reserved), padded. */
const countersBytes = 16;
/** Checks answered at once from the arena; more at once each get memory of their own. */
const arenaSlots = 2;

/**
 * Where a check lies in shared memory: its counters at `offset`, then its body, then room for
 * its answers. The answers fit in that room whenever the body is a valid check: an entry's result
 * is its id and at most `resultOverhead` bytes, and its id is in the body. (A body of more than
 * 5,000 entries, or with ids that are not UTF-8, may not fit: it is refused anyway, or its piece
 * that does not fit comes back as text.)
 */
export interface SlotPlace {
  offset: number;
  bodyLength: number;
  answersAt: number;
  answersBytes: number;
}

/** A place for a body of up to `bodyCapacity` bytes at `offset`, and the bytes it spans. */
function layout(offset: number, bodyCapacity: number, bodyLength: number) {
  const answersBytes = bodyCapacity + checkEntryLimits.max * resultOverhead;
  const place: SlotPlace = {
    offset,
    bodyLength,
    answersAt: offset + countersBytes + bodyCapacity,
    answersBytes,
  };
  // Rounded up so the next slot's counters are aligned for an Int32Array.
  return { place, bytes: Math.ceil((countersBytes + bodyCapacity + answersBytes) / 8) * 8 };
}
const arenaSlotBytes = layout(0, checkBodyLimit, 0).bytes;

/** The counters of the check at `place`: [next piece to answer, bytes of answers reserved]. */
export const slotCounters = (memory: SharedArrayBuffer, place: SlotPlace) =>
  new Int32Array(memory, place.offset, 2);

/** The body of the check at `place`. */
export const slotBody = (memory: SharedArrayBuffer, place: SlotPlace) =>
  new Uint8Array(memory, place.offset + countersBytes, place.bodyLength);

/**
 * Writes a piece's results after the answers already written to the check at `place` (by any
 * thread: a shared counter reserves the room), and says where they are; `undefined` when they do
 * not fit, for the caller to send them as text.
 */
export function writeAnswer(
  memory: SharedArrayBuffer,
  place: SlotPlace,
  results: string,
): { at: number; written: number } | undefined {
  const written = Buffer.byteLength(results);
  const at = Atomics.add(slotCounters(memory, place), 1, written);
  if (at < 0 || at + written > place.answersBytes) return undefined;
  Buffer.from(memory, place.answersAt + at, written).write(results, 'utf8');
  return { at, written };
}

/**
 * One check's place in shared memory. It goes back to the arena when every holder has let go: the
 * answer's sending (its parts may be views of the slot) and the threads' work on it (a check whose
 * phone hung up may still be answered, and must not write into another check's place).
 */
export class CheckSlot {
  private holders = 0;
  private givenBack = false;

  constructor(
    readonly memory: SharedArrayBuffer,
    readonly place: SlotPlace,
    private readonly giveBack?: () => void,
  ) {}

  /** The check's body. */
  get body(): Uint8Array {
    return slotBody(this.memory, this.place);
  }

  /** `length` bytes of the answers from `at`, as they lie: sent without a copy. */
  answers(at: number, length: number): Buffer {
    return Buffer.from(this.memory, this.place.answersAt + at, length);
  }

  /**
   * Holds the slot; the function returned lets go (once, however often it is called). The slot
   * goes back when the last holder lets go, and cannot be held again.
   */
  hold(): () => void {
    if (this.givenBack) throw new Error('This check’s memory was already handed back.');
    this.holders++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holders > 0) return;
      this.givenBack = true;
      this.giveBack?.();
    };
  }
}

/**
 * Shared memory for the checks the threads answer: the event loop copies a large check's body in,
 * the threads read it there and write their answers beside it, and the event loop sends those
 * bytes as they lie. One arena, made once and given to each thread once when it starts, so a check
 * makes no new buffer on either side. (Posting a SharedArrayBuffer with each task would not copy
 * it, but each thread would count its whole size again per task towards its next collection.)
 * Pages a check has touched stay resident: ~1 MB per slot after 5,000-entry checks, 18 MB at most.
 *
 * Why: V8 counts every buffer the event loop allocates as external memory until a collection has
 * freed it, and that memory counts with the old generation towards the limit for a full
 * collection. The event loop allocates little else, so its young collections are rare and dropped
 * buffers pile up between them. At ~2 MB a check (the body joined, its copy for the threads, the answers as text and
 * then as bytes for the socket) a stream of 5,000-entry checks brought a full collection every
 * ~15 checks, and the checks it caught were the slowest (docs/performance.md).
 */
export class CheckSlots {
  readonly arena = new SharedArrayBuffer(arenaSlots * arenaSlotBytes);
  private readonly free = Array.from({ length: arenaSlots }, (_, n) => n);

  /** How many of the arena's slots are free now (for tests). */
  get freeSlots(): number {
    return this.free.length;
  }

  /**
   * A place holding a copy of these chunks, one after another: in the arena when a slot is free,
   * else memory of its own.
   */
  take(chunks: readonly Uint8Array[]): CheckSlot {
    const length = chunks.reduce((bytes, chunk) => bytes + chunk.byteLength, 0);
    const index = length <= checkBodyLimit ? this.free.pop() : undefined;
    let slot: CheckSlot;
    if (index === undefined) {
      const { place, bytes } = layout(0, length, length);
      slot = new CheckSlot(new SharedArrayBuffer(bytes), place);
    } else {
      const { place } = layout(index * arenaSlotBytes, checkBodyLimit, length);
      slot = new CheckSlot(this.arena, place, () => this.free.push(index));
    }
    const body = slot.body;
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    return slot;
  }
}
