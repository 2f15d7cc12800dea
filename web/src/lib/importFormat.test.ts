import { describe, expect, it } from 'vitest';
import { detectImportFormat, formatBytes } from './importFormat';

describe('detectImportFormat', () => {
  it('detects by extension, case-insensitively, then by MIME type', () => {
    expect(detectImportFormat('plant.CSV')).toBe('csv');
    expect(detectImportFormat('export.json')).toBe('json');
    expect(detectImportFormat('inventory', 'text/csv')).toBe('csv');
    expect(detectImportFormat('inventory', 'application/json')).toBe('json');
  });

  it('returns null when unclear rather than guessing', () => {
    expect(detectImportFormat('inventory.xlsx')).toBeNull();
    expect(detectImportFormat('csv')).toBeNull();
    expect(detectImportFormat('')).toBeNull();
  });
});

describe('formatBytes', () => {
  it('formats sizes and rejects nonsense', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(256 * 1024 * 1024)).toBe('256 MB');
    expect(formatBytes(-1)).toBe('');
    expect(formatBytes(Number.NaN)).toBe('');
  });
});
