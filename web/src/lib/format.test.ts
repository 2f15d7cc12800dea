import { describe, expect, it } from 'vitest';
import { attributeLabel, formatConfidence, formatCount, formatDateTime, formatRelative, purdueLabel } from './format';

describe('format', () => {
  it('formats counts with grouping', () => {
    expect(formatCount(100000)).toBe('100,000');
    expect(formatCount(0)).toBe('0');
  });

  it('formats confidence as a clamped percentage', () => {
    expect(formatConfidence(0.9)).toBe('90%');
    expect(formatConfidence(1)).toBe('100%');
    expect(formatConfidence(1.7)).toBe('100%');
    expect(formatConfidence(-1)).toBe('0%');
    expect(formatConfidence(Number.NaN)).toBe('?');
  });

  it('labels Purdue levels, including the DMZ', () => {
    expect(purdueLabel('2')).toBe('L2');
    expect(purdueLabel('dmz')).toBe('DMZ');
    expect(purdueLabel(null)).toBe('');
    expect(purdueLabel(undefined)).toBe('');
  });

  it('formats relative times and survives invalid dates', () => {
    const now = new Date('2025-06-10T12:00:00Z');
    expect(formatRelative('2025-06-10T11:59:40Z', now)).toBe('just now');
    expect(formatRelative('2025-06-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-06-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2025-06-10T09:00:00Z', now, 'short')).toBe('3 hr. ago');
    expect(formatRelative('not a date', now)).toBe('');
  });

  it('formats absolute times and passes through what is not a date', () => {
    expect(formatDateTime('2025-06-10T12:34:00')).toBe('2025-06-10 12:34');
    expect(formatDateTime('garbage')).toBe('garbage');
  });

  it('labels attributes, known and custom', () => {
    expect(attributeLabel('hardwareVersion')).toBe('Hardware version');
    expect(attributeLabel('ips')).toBe('IP addresses');
    expect(attributeLabel('cabinetRow')).toBe('Cabinet row');
    expect(attributeLabel('maintenance_window')).toBe('Maintenance window');
    expect(attributeLabel('rackPLCSlot')).toBe('Rack PLC slot');
    expect(attributeLabel('--')).toBe('--');
    expect(attributeLabel('schrankGröße')).toBe('Schrank größe');
    expect(attributeLabel('温度')).toBe('温度');
    expect(attributeLabel('PLC rack')).toBe('PLC rack');
    expect(attributeLabel('')).toBe('');
  });
});
