/** The conversation table must behave exactly like a Map in insertion order, evictions included. */
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/discovery/flows/conversation.js';
import { ConversationTable } from '../../src/discovery/flows/conversation-table.js';

describe('ConversationTable', () => {
  it('finds, adds, deletes and evicts the oldest like a Map, through growth and backward-shift deletion', () => {
    let state = 99;
    const random = (n: number): number => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const table = new ConversationTable();
    const model = new Map<string, Conversation>();
    for (let step = 0; step < 60_000; step++) {
      // Few distinct values per word, so that keys collide in parts and probe chains get long.
      const key = [random(3), random(50) - 25, random(7) * 0x10000000, random(40) | (random(2) << 31)] as const;
      const text = key.join(',');
      const byString = random(10) === 0;
      const found = byString ? table.findString(text) : table.find(...key);
      if (byString) {
        if (model.get(`s${text}`) !== found) throw new Error(`string lookup ${text} disagrees`);
      } else expect(found).toBe(model.get(text));
      if (!found) {
        const conversation = new Conversation('udp', text, 0, 'x', 0);
        if (byString) {
          table.addString(text, conversation);
          model.set(`s${text}`, conversation);
        } else {
          table.add(...key, conversation);
          model.set(text, conversation);
        }
      }
      if (random(7) === 0 && model.size > 0) {
        // Taken out of the middle (a closed TCP connection): gone from lookups and from the FIFO.
        const keys = [...model.keys()];
        const victimKey = keys[random(keys.length)] as string;
        table.delete(model.get(victimKey) as Conversation);
        model.delete(victimKey);
      }
      if (model.size > 700 || random(5) === 0) {
        const oldest = table.shift();
        const first = model.entries().next().value as [string, Conversation] | undefined;
        expect(oldest).toBe(first?.[1]);
        if (first) model.delete(first[0]);
      }
      expect(table.size).toBe(model.size);
    }
    expect([...table.values()]).toEqual([...model.values()]);
    for (const [text, conversation] of model) {
      if (text.startsWith('s')) expect(table.findString(text.slice(1))).toBe(conversation);
      else expect(table.find(...(text.split(',').map(Number) as [number, number, number, number]))).toBe(conversation);
    }
    table.clear();
    expect(table.size).toBe(0);
    expect(table.find(0, 0, 0, 0)).toBeUndefined();
  });

  it('keeps the FIFO small when most conversations are deleted before they are the oldest', () => {
    const table = new ConversationTable();
    const all = Array.from({ length: 5000 }, (_, i) => new Conversation('tcp', `c${i}`, i, 'x', 0));
    all.forEach((c, i) => table.add(i, 1, 2, 3, c));
    // Every conversation but each tenth is closed and deleted: the table never fills.
    all.forEach((c, i) => {
      if (i % 10 !== 0) table.delete(c);
    });
    const kept = all.filter((_, i) => i % 10 === 0);
    expect(table.size).toBe(kept.length);
    expect([...table.values()]).toEqual(kept);
    expect((table as unknown as { order: unknown[]; head: number }).order.length).toBeLessThan(2 * kept.length + 1024);
    expect(table.find(1, 1, 2, 3)).toBeUndefined();
    expect(table.find(10, 1, 2, 3)).toBe(all[10]);
    // Deleted ones are skipped when the oldest is taken.
    expect(table.shift()).toBe(all[0]);
    expect(table.shift()).toBe(all[10]);
    expect(table.size).toBe(kept.length - 2);
  });
});
