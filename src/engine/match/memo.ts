/**
 * Bounded memos shared by the matchers. Keys are looked up as they are, through nested maps: a
 * composite string key (`JSON.stringify([vendor, model])`) is a new string per call whose hash V8
 * computes every time, and that showed in the profile once per target.
 */

/** Values by up to three keys (`undefined` is a key like any other); cleared when `max` is reached. */
export class Memo3<A, B, C, V> {
  private root = new Map<A, Map<B, Map<C, V>>>();
  private size = 0;

  constructor(private readonly max: number) {}

  get(a: A, b: B, c: C): V | undefined {
    return this.root.get(a)?.get(b)?.get(c);
  }

  set(a: A, b: B, c: C, value: V): V {
    if (this.size >= this.max) {
      this.root = new Map();
      this.size = 0;
    }
    let byB = this.root.get(a);
    if (!byB) this.root.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map()));
    if (!byC.has(c)) this.size++;
    byC.set(c, value);
    return value;
  }
}

/**
 * A memo in two generations of at most `max` entries each: entries in use stay (a hit in the older
 * generation moves to the newer one) while entries seen once age out, without the cliff of clearing
 * everything when a working set is a little larger than the bound.
 */
export class GenerationalMemo<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): V {
    if (this.current.size >= this.max) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return value;
  }
}
