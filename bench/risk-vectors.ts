/** Random CVSS v3.1, v4.0 and v2 vectors for the risk benchmarks (bench/risk.ts, bench/risk-store.ts), from the caller's seeded pick. */
const AV = ['N', 'A', 'L', 'P'];
const LH = ['L', 'H'];
const NLH = ['N', 'L', 'H'];
const HLN = ['H', 'L', 'N'];

export function cvssVectors(pick: <T>(xs: readonly T[]) => T): { v31: () => string; v40: () => string; v2: () => string } {
  return {
    v31: () => `CVSS:3.1/AV:${pick(AV)}/AC:${pick(LH)}/PR:${pick(NLH)}/UI:${pick(['N', 'R'])}/S:${pick(['U', 'C'])}/C:${pick(HLN)}/I:${pick(HLN)}/A:${pick(HLN)}`,
    v40: () =>
      `CVSS:4.0/AV:${pick(AV)}/AC:${pick(LH)}/AT:${pick(['N', 'P'])}/PR:${pick(NLH)}/UI:${pick(['N', 'P', 'A'])}/VC:${pick(HLN)}/VI:${pick(HLN)}/VA:${pick(HLN)}/SC:${pick(HLN)}/SI:${pick(HLN)}/SA:${pick(HLN)}`,
    v2: () => `AV:${pick(['N', 'A', 'L'])}/AC:${pick(['L', 'M', 'H'])}/Au:${pick(['N', 'S'])}/C:${pick(['N', 'P', 'C'])}/I:${pick(['N', 'P', 'C'])}/A:${pick(['N', 'P', 'C'])}`,
  };
}
