/**
 * Metric tables for CVSS v2, v3.0/v3.1 and v4.0 vectors: names, allowed values, which are base
 * metrics (required), and for v4 the fixed order the specification prescribes.
 */
import type { CvssVersion } from '../../model/intel.js';

export interface MetricTable {
  /** Metric → allowed values, in the specification's order (the order matters for v4). */
  metrics: ReadonlyArray<readonly [name: string, values: readonly string[]]>;
  base: readonly string[];
  /** v4 only: metrics must appear in `metrics` order. */
  ordered: boolean;
}

const IMPACT3 = ['H', 'L', 'N'] as const;

const V2: MetricTable = {
  metrics: [
    ['AV', ['L', 'A', 'N']],
    ['AC', ['H', 'M', 'L']],
    ['Au', ['M', 'S', 'N']],
    ['C', ['N', 'P', 'C']],
    ['I', ['N', 'P', 'C']],
    ['A', ['N', 'P', 'C']],
    ['E', ['U', 'POC', 'F', 'H', 'ND']],
    ['RL', ['OF', 'TF', 'W', 'U', 'ND']],
    ['RC', ['UC', 'UR', 'C', 'ND']],
    ['CDP', ['N', 'L', 'LM', 'MH', 'H', 'ND']],
    ['TD', ['N', 'L', 'M', 'H', 'ND']],
    ['CR', ['L', 'M', 'H', 'ND']],
    ['IR', ['L', 'M', 'H', 'ND']],
    ['AR', ['L', 'M', 'H', 'ND']],
  ],
  base: ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  ordered: false,
};

const V3: MetricTable = {
  metrics: [
    ['AV', ['N', 'A', 'L', 'P']],
    ['AC', ['L', 'H']],
    ['PR', ['N', 'L', 'H']],
    ['UI', ['N', 'R']],
    ['S', ['U', 'C']],
    ['C', IMPACT3],
    ['I', IMPACT3],
    ['A', IMPACT3],
    ['E', ['X', 'U', 'P', 'F', 'H']],
    ['RL', ['X', 'O', 'T', 'W', 'U']],
    ['RC', ['X', 'U', 'R', 'C']],
    ['CR', ['X', 'L', 'M', 'H']],
    ['IR', ['X', 'L', 'M', 'H']],
    ['AR', ['X', 'L', 'M', 'H']],
    ['MAV', ['X', 'N', 'A', 'L', 'P']],
    ['MAC', ['X', 'L', 'H']],
    ['MPR', ['X', 'N', 'L', 'H']],
    ['MUI', ['X', 'N', 'R']],
    ['MS', ['X', 'U', 'C']],
    ['MC', ['X', 'H', 'L', 'N']],
    ['MI', ['X', 'H', 'L', 'N']],
    ['MA', ['X', 'H', 'L', 'N']],
  ],
  base: ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  ordered: false,
};

const V4: MetricTable = {
  metrics: [
    ['AV', ['N', 'A', 'L', 'P']],
    ['AC', ['L', 'H']],
    ['AT', ['N', 'P']],
    ['PR', ['N', 'L', 'H']],
    ['UI', ['N', 'P', 'A']],
    ['VC', IMPACT3],
    ['VI', IMPACT3],
    ['VA', IMPACT3],
    ['SC', IMPACT3],
    ['SI', IMPACT3],
    ['SA', IMPACT3],
    ['E', ['X', 'A', 'P', 'U']],
    ['CR', ['X', 'H', 'M', 'L']],
    ['IR', ['X', 'H', 'M', 'L']],
    ['AR', ['X', 'H', 'M', 'L']],
    ['MAV', ['X', 'N', 'A', 'L', 'P']],
    ['MAC', ['X', 'L', 'H']],
    ['MAT', ['X', 'N', 'P']],
    ['MPR', ['X', 'N', 'L', 'H']],
    ['MUI', ['X', 'N', 'P', 'A']],
    ['MVC', ['X', 'H', 'L', 'N']],
    ['MVI', ['X', 'H', 'L', 'N']],
    ['MVA', ['X', 'H', 'L', 'N']],
    ['MSC', ['X', 'H', 'L', 'N']],
    ['MSI', ['X', 'N', 'L', 'H', 'S']],
    ['MSA', ['X', 'N', 'L', 'H', 'S']],
    ['S', ['X', 'N', 'P']],
    ['AU', ['X', 'N', 'Y']],
    ['R', ['X', 'A', 'U', 'I']],
    ['V', ['X', 'D', 'C']],
    ['RE', ['X', 'L', 'M', 'H']],
    ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']],
  ],
  base: ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
  ordered: true,
};

export const METRIC_TABLES: Readonly<Record<CvssVersion, MetricTable>> = { '2.0': V2, '3.0': V3, '3.1': V3, '4.0': V4 };
