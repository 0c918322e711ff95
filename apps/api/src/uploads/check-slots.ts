/** The largest check body the route reads (5,000 entries with long ids fit many times over). */
export const checkBodyLimit = 4 * 1024 * 1024;

/** Each result is its entry's id plus at most this much: `{"id":…,"exists":true,"assetId":…,"resourceId":…}`. */
const resultOverhead = 128;
const maxEntries = 5000;
/** Two counters the threads share (the next piece, the end of the answers written), padded. */
const countersBytes = 16;
/** Checks answered at once from the arena; more at once each get memory of their own. */
const arenaSlots = 2;

/**
 * Where a check lies in shared memory: its counters at `offset`, then its body, then room for
 * its answers. The answers fit in that room whenever the body is a valid check: an entry's result
 * is its id and at most `resultOverhead` bytes, and its id is in the body. (A body of more than
 * 5,000 entries may not fit: it is refused anyway, and a piece that does not fit comes back as
 * text.)
 */
export interface SlotPlace {
  offset: number;
  bodyLength: number;
  answersAt: number;
  answersBytes: number;
}

const place = (offset: number, bodyCapacity: number, bodyLength: number): SlotPlace => ({
  offset,
  bodyLength,
  answersAt: offset + countersBytes + bodyCapacity,
  answersBytes: bodyCapacity + maxEntries * resultOverhead,
});
const slotBytes = (bodyCapacity: number) =>
  countersBytes + bodyCapacity + bodyCapacity + maxEntries * resultOverhead;

/** The counters of the check at `slot`: [next piece to answer, bytes of answers reserved]. */
export const slotCounters = (memory: SharedArrayBuffer, slot: SlotPlace) =>
  new Int32Array(memory, slot.offset, 2);

/** The body of the check at `slot`. */
export const slotBody = (memory: SharedArrayBuffer, slot: SlotPlace) =>
  new Uint8Array(memory, slot.offset + countersBytes, slot.bodyLength);

/**
 * Writes a piece's results after the answers already written to the check at `slot` (by any
 * thread: a shared counter reserves the room), and says where they are; `undefined` when they do
 * not fit, for the caller to send them as text.
 */
export function writeAnswer(
  memory: SharedArrayBuffer,
  slot: SlotPlace,
  results: string,
): { at: number; written: number } | undefined {
  const written = Buffer.byteLength(results);
  const at = Atomics.add(slotCounters(memory, slot), 1, written);
  if (at + written > slot.answersBytes) return undefined;
  Buffer.from(memory, slot.answersAt + at, written).write(results, 'utf8');
  return { at, written };
}

/**
 * One check's place in shared memory. It goes back to the arena when every holder has let go: the
 * answer's sending (its parts may be views of the slot) and the threads' work on it (a check whose
 * phone hung up may still be answered, and must not write into another check's place).
 */
export class CheckSlot {
  private holders = 0;
  private returned = false;

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
    if (this.returned) throw new Error('This check’s memory was already handed back.');
    this.holders++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holders > 0) return;
      this.returned = true;
      this.giveBack?.();
    };
  }
}

/**
 * Shared memory for the checks the threads answer: the event loop copies a check's body in, the
 * threads read it there and write their answers beside it, and the event loop sends those bytes
 * as they lie. One arena, made once and given to each thread once when it starts, so a check
 * makes no new buffer on either side.
 *
 * Why: V8 counts every buffer the event loop allocates towards its old-generation limit until a
 * full collection frees it (external memory since the last mark-compact), however soon it is
 * dropped. At ~2 MB a check (the body's copy for the threads, the answers as text, then as bytes
 * for the socket) a stream of 5,000-entry checks brought a full collection every ~15 checks:
 * 5–15 ms of the event loop and marking threads taking the cores from the check threads. The
 * checks they caught were the slowest (p99 41 ms against 32 ms with full collections made rare
 * by a V8 flag, docs/performance.md).
 */
export class CheckSlots {
  readonly arena = new SharedArrayBuffer(arenaSlots * slotBytes(checkBodyLimit));
  private readonly free = Array.from({ length: arenaSlots }, (_, n) => n);

  /** How many of the arena's slots are free now (for tests). */
  get freeSlots(): number {
    return this.free.length;
  }

  /**
   * A place holding a copy of these chunks (`length` bytes in all): in the arena when a slot is
   * free, else memory of its own.
   */
  take(chunks: readonly Uint8Array[], length: number): CheckSlot {
    const index = length <= checkBodyLimit ? this.free.pop() : undefined;
    const slot =
      index === undefined
        ? new CheckSlot(new SharedArrayBuffer(slotBytes(length)), place(0, length, length))
        : new CheckSlot(this.arena, place(index * slotBytes(checkBodyLimit), checkBodyLimit, length), () =>
            this.free.push(index),
          );
    const body = slot.body;
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    return slot;
  }
}
