/** The conversation table must behave exactly like a Map in insertion order, evictions included. */
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/discovery/flows/conversation.js';
import { ConversationTable } from '../../src/discovery/flows/conversation-table.js';

describe('ConversationTable', () => {
  it('finds, adds and evicts the oldest like a Map, through growth and backward-shift deletion', () => {
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
      if (model.size > 700 || random(5) === 0) {
        const oldest = table.shift();
        const [modelKey, modelOldest] = model.entries().next().value as [string, Conversation];
        expect(oldest).toBe(modelOldest);
        model.delete(modelKey);
      }
      expect(table.size).toBe(model.size);
    }
    expect([...table.values()]).toEqual([...model.values()]);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.find(0, 0, 0, 0)).toBeUndefined();
  });
});
