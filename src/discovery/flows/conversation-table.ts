/**
 * The conversations being tracked, looked up once per packet. IPv4 and layer-2 conversations are
 * keyed by four 32-bit integers in an open-addressing hash table (no key string per packet); IPv6
 * ones by a string. A FIFO of creation order serves eviction (the oldest first) and the final
 * flush in the same order as a Map's insertion order would.
 */
import type { Conversation } from './conversation.js';

const EMPTY = -1;

export class ConversationTable {
  private capacity = 1024;
  private mask = this.capacity - 1;
  /** Slot → index into `entries` (EMPTY when free). */
  private slots = new Int32Array(this.capacity).fill(EMPTY);
  private k1 = new Int32Array(this.capacity);
  private k2 = new Int32Array(this.capacity);
  private k3 = new Int32Array(this.capacity);
  private k4 = new Int32Array(this.capacity);
  private readonly entries: (Conversation | undefined)[] = [];
  private readonly freeEntries: number[] = [];
  private used = 0;
  private readonly byString = new Map<string, Conversation>();
  /** Creation order; `head` is the oldest live one. */
  private order: Conversation[] = [];
  private head = 0;
  /** Random per table, so that crafted addresses cannot make every key collide. */
  private readonly seed = (Math.random() * 0x100000000) | 0;

  get size(): number {
    return this.order.length - this.head;
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
    const mask = this.mask;
    for (let i = this.hash(a, b, c, d); ; i = (i + 1) & mask) {
      const entry = this.slots[i] as number;
      if (entry === EMPTY) return undefined;
      if (this.k1[i] === a && this.k2[i] === b && this.k3[i] === c && this.k4[i] === d) return this.entries[entry];
    }
  }

  findString(key: string): Conversation | undefined {
    return this.byString.get(key);
  }

  /** Adds a conversation under an integer key not present yet. */
  add(a: number, b: number, c: number, d: number, conversation: Conversation): void {
    if ((this.used + 1) * 2 > this.capacity) this.grow();
    conversation.key = [a | 0, b | 0, c | 0, d | 0];
    this.place(a | 0, b | 0, c | 0, d | 0, this.store(conversation));
    this.used++;
    this.order.push(conversation);
  }

  addString(key: string, conversation: Conversation): void {
    conversation.key = key;
    this.byString.set(key, conversation);
    this.order.push(conversation);
  }

  /** Removes and returns the oldest conversation. */
  shift(): Conversation | undefined {
    if (this.head >= this.order.length) return undefined;
    const oldest = this.order[this.head] as Conversation;
    this.order[this.head] = undefined as unknown as Conversation;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    this.remove(oldest);
    return oldest;
  }

  /** Live conversations, oldest first. */
  *values(): IterableIterator<Conversation> {
    for (let i = this.head; i < this.order.length; i++) yield this.order[i] as Conversation;
  }

  clear(): void {
    this.capacity = 1024;
    this.mask = this.capacity - 1;
    this.slots = new Int32Array(this.capacity).fill(EMPTY);
    this.k1 = new Int32Array(this.capacity);
    this.k2 = new Int32Array(this.capacity);
    this.k3 = new Int32Array(this.capacity);
    this.k4 = new Int32Array(this.capacity);
    this.entries.length = 0;
    this.freeEntries.length = 0;
    this.used = 0;
    this.byString.clear();
    this.order = [];
    this.head = 0;
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
    let i = this.hash(a, b, c, d);
    while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
    this.slots[i] = entry;
    this.k1[i] = a;
    this.k2[i] = b;
    this.k3[i] = c;
    this.k4[i] = d;
  }

  private remove(conversation: Conversation): void {
    const key = conversation.key;
    if (typeof key === 'string') {
      this.byString.delete(key);
      return;
    }
    if (!key) return;
    const [a, b, c, d] = key;
    const mask = this.mask;
    let i = this.hash(a, b, c, d);
    for (;;) {
      const entry = this.slots[i] as number;
      if (entry === EMPTY) return;
      if (this.k1[i] === a && this.k2[i] === b && this.k3[i] === c && this.k4[i] === d) {
        this.entries[entry] = undefined;
        this.freeEntries.push(entry);
        break;
      }
      i = (i + 1) & mask;
    }
    this.used--;
    // Backward-shift deletion keeps every remaining key reachable from its home slot.
    let hole = i;
    for (let j = (i + 1) & mask; this.slots[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.hash(this.k1[j] as number, this.k2[j] as number, this.k3[j] as number, this.k4[j] as number);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (inRange) continue;
      this.slots[hole] = this.slots[j] as number;
      this.k1[hole] = this.k1[j] as number;
      this.k2[hole] = this.k2[j] as number;
      this.k3[hole] = this.k3[j] as number;
      this.k4[hole] = this.k4[j] as number;
      hole = j;
    }
    this.slots[hole] = EMPTY;
  }

  private grow(): void {
    const { slots, k1, k2, k3, k4 } = this;
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.slots = new Int32Array(this.capacity).fill(EMPTY);
    this.k1 = new Int32Array(this.capacity);
    this.k2 = new Int32Array(this.capacity);
    this.k3 = new Int32Array(this.capacity);
    this.k4 = new Int32Array(this.capacity);
    for (let i = 0; i < slots.length; i++) {
      const entry = slots[i] as number;
      if (entry !== EMPTY) this.place(k1[i] as number, k2[i] as number, k3[i] as number, k4[i] as number, entry);
    }
  }
}
