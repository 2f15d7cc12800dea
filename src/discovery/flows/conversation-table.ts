/**
 * The conversations being tracked, looked up once per packet. IPv4 and layer-2 conversations are
 * keyed by four 32-bit integers in an open-addressing hash table (no key string per packet); IPv6
 * ones by a string. A FIFO of creation order serves eviction (the oldest first) and the final
 * flush in the same order as a Map's insertion order would; a conversation taken out of the middle
 * (`delete`, a closed TCP connection) stays in the FIFO, marked, until its turn comes.
 */
import type { Conversation } from './conversation.js';

const EMPTY = -1;
/** Cells per slot: entry index, then the four key words, side by side (one cache line per probe). */
const STRIDE = 5;

export class ConversationTable {
  private capacity = 1024;
  private mask = this.capacity - 1;
  /** Slot i is cells[i * STRIDE ..]: entry index into `entries` (EMPTY when free), k1, k2, k3, k4. */
  private cells = ConversationTable.emptyCells(this.capacity);
  private readonly entries: (Conversation | undefined)[] = [];
  private readonly freeEntries: number[] = [];
  private used = 0;
  private readonly byString = new Map<string, Conversation>();
  /** Creation order; `head` is the oldest live one. */
  private order: Conversation[] = [];
  private head = 0;
  /** Conversations in the table (the FIFO also holds deleted ones until they reach its head). */
  private live = 0;
  /** Random per table, so that crafted addresses cannot make every key collide. */
  private readonly seed = (Math.random() * 0x100000000) | 0;
  /** The last integer key found and its conversation: most packets belong to the previous packet's conversation. */
  private last: Conversation | undefined;
  private last1 = 0;
  private last2 = 0;
  private last3 = 0;
  private last4 = 0;

  private static emptyCells(capacity: number): Int32Array {
    const cells = new Int32Array(capacity * STRIDE);
    for (let i = 0; i < cells.length; i += STRIDE) cells[i] = EMPTY;
    return cells;
  }

  get size(): number {
    return this.live;
  }

  private hash(a: number, b: number, c: number, d: number): number {
    let h = this.seed ^ Math.imul(a, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca77) ^ b;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d) ^ c;
    h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f) ^ d;
    h = Math.imul(h ^ (h >>> 15), 0x165667b1);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The conversation with this integer key, or undefined. */
  find(a: number, b: number, c: number, d: number): Conversation | undefined {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    if (this.last !== undefined && this.last2 === b && this.last3 === c && this.last4 === d && this.last1 === a) return this.last;
    const cells = this.cells;
    const mask = this.mask;
    for (let i = this.hash(a, b, c, d); ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const entry = cells[at] as number;
      if (entry === EMPTY) return undefined;
      if (cells[at + 2] === b && cells[at + 3] === c && cells[at + 4] === d && cells[at + 1] === a) {
        const found = this.entries[entry];
        this.remember(found, a, b, c, d);
        return found;
      }
    }
  }

  private remember(conversation: Conversation | undefined, a: number, b: number, c: number, d: number): void {
    this.last = conversation;
    this.last1 = a;
    this.last2 = b;
    this.last3 = c;
    this.last4 = d;
  }

  findString(key: string): Conversation | undefined {
    return this.byString.get(key);
  }

  /** Adds a conversation under an integer key not present yet. */
  add(a: number, b: number, c: number, d: number, conversation: Conversation): void {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    if ((this.used + 1) * 2 > this.capacity) this.grow();
    conversation.intKey = true;
    conversation.key1 = a;
    conversation.key2 = b;
    conversation.key3 = c;
    conversation.key4 = d;
    this.place(a, b, c, d, this.store(conversation));
    this.used++;
    this.push(conversation);
    this.remember(conversation, a, b, c, d);
  }

  addString(key: string, conversation: Conversation): void {
    conversation.key = key;
    this.byString.set(key, conversation);
    this.push(conversation);
  }

  private push(conversation: Conversation): void {
    conversation.tracked = true;
    this.order.push(conversation);
    this.live++;
  }

  /** Removes and returns the oldest conversation. */
  shift(): Conversation | undefined {
    while (this.head < this.order.length) {
      const oldest = this.order[this.head] as Conversation;
      this.order[this.head] = undefined as unknown as Conversation;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.order.length) {
        this.order = this.order.slice(this.head);
        this.head = 0;
      }
      if (!oldest.tracked) continue; // deleted earlier
      this.untrack(oldest);
      return oldest;
    }
    return undefined;
  }

  /** Removes a conversation wherever it is in the FIFO (it is skipped when its turn comes). */
  delete(conversation: Conversation): void {
    if (!conversation.tracked) return;
    this.untrack(conversation);
    // Deleted ones would otherwise pile up in the FIFO when the table never fills: once they are
    // most of it, keep only the live ones (in order), at a cost proportional to the deletions.
    const inFifo = this.order.length - this.head;
    if (inFifo > 1024 && this.live * 2 < inFifo) {
      this.order = this.order.slice(this.head).filter((c) => c.tracked);
      this.head = 0;
    }
  }

  private untrack(conversation: Conversation): void {
    conversation.tracked = false;
    this.live--;
    this.remove(conversation);
  }

  /** Live conversations, oldest first. */
  *values(): IterableIterator<Conversation> {
    for (let i = this.head; i < this.order.length; i++) {
      const conversation = this.order[i] as Conversation;
      if (conversation.tracked) yield conversation;
    }
  }

  clear(): void {
    this.capacity = 1024;
    this.mask = this.capacity - 1;
    this.cells = ConversationTable.emptyCells(this.capacity);
    this.entries.length = 0;
    this.freeEntries.length = 0;
    this.used = 0;
    this.byString.clear();
    for (let i = this.head; i < this.order.length; i++) (this.order[i] as Conversation).tracked = false;
    this.order = [];
    this.head = 0;
    this.live = 0;
    this.last = undefined;
  }

  private store(conversation: Conversation): number {
    const free = this.freeEntries.pop();
    if (free !== undefined) {
      this.entries[free] = conversation;
      return free;
    }
    this.entries.push(conversation);
    return this.entries.length - 1;
  }

  private place(a: number, b: number, c: number, d: number, entry: number): void {
    const cells = this.cells;
    let i = this.hash(a, b, c, d);
    while (cells[i * STRIDE] !== EMPTY) i = (i + 1) & this.mask;
    const at = i * STRIDE;
    cells[at] = entry;
    cells[at + 1] = a;
    cells[at + 2] = b;
    cells[at + 3] = c;
    cells[at + 4] = d;
  }

  private remove(conversation: Conversation): void {
    if (conversation === this.last) this.last = undefined;
    if (conversation.key !== undefined) {
      this.byString.delete(conversation.key);
      return;
    }
    if (!conversation.intKey) return;
    const a = conversation.key1;
    const b = conversation.key2;
    const c = conversation.key3;
    const d = conversation.key4;
    const cells = this.cells;
    const mask = this.mask;
    let i = this.hash(a, b, c, d);
    for (;;) {
      const at = i * STRIDE;
      const entry = cells[at] as number;
      if (entry === EMPTY) return;
      if (cells[at + 1] === a && cells[at + 2] === b && cells[at + 3] === c && cells[at + 4] === d) {
        this.entries[entry] = undefined;
        this.freeEntries.push(entry);
        break;
      }
      i = (i + 1) & mask;
    }
    this.used--;
    // Backward-shift deletion keeps every remaining key reachable from its home slot.
    let hole = i;
    for (let j = (i + 1) & mask; cells[j * STRIDE] !== EMPTY; j = (j + 1) & mask) {
      const at = j * STRIDE;
      const home = this.hash(cells[at + 1] as number, cells[at + 2] as number, cells[at + 3] as number, cells[at + 4] as number);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (inRange) continue;
      cells.copyWithin(hole * STRIDE, at, at + STRIDE);
      hole = j;
    }
    cells[hole * STRIDE] = EMPTY;
  }

  private grow(): void {
    const old = this.cells;
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.cells = ConversationTable.emptyCells(this.capacity);
    for (let at = 0; at < old.length; at += STRIDE) {
      const entry = old[at] as number;
      if (entry !== EMPTY) this.place(old[at + 1] as number, old[at + 2] as number, old[at + 3] as number, old[at + 4] as number, entry);
    }
  }
}
