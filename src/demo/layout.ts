/**
 * The layout of the two demo sites: zones (with Purdue level, subnet and owning team), the process
 * areas inside them and which products stand where. Names follow `<SITE>-<AREA>-<ROLE><nn>`.
 */
import type { Criticality, PurdueLevel } from '../model/asset.js';
import type { ProductId } from './products.js';

export interface Placement {
  /** Short role code as engineers write it in tags: PLC, HMI, SW, REL, FIT, ... */
  role: string;
  product: ProductId;
  count?: number;
  /** Overrides the default criticality of the product's kind. */
  criticality?: Criticality;
  tags?: readonly string[];
  owner?: string;
}

export interface AreaPlan {
  area: string;
  items: readonly Placement[];
}

export interface ZonePlan {
  zone: string;
  level: PurdueLevel;
  /** First three octets of the zone's /24, e.g. `10.10.21`. */
  subnet: string;
  owner: string;
  areas: readonly AreaPlan[];
}

export interface SitePlan {
  site: string;
  /** Name and CMMS-tag prefix, e.g. `RWU`. */
  prefix: string;
  /** DNS suffix for hosts that use DNS names. */
  domain: string;
  zones: readonly ZonePlan[];
}

/** One area per numbered unit (PS1..PS8, BAY1..BAY13), built by `items(n)`. */
function numbered(code: string, from: number, to: number, items: (n: number) => readonly Placement[]): AreaPlan[] {
  const areas: AreaPlan[] = [];
  for (let n = from; n <= to; n++) areas.push({ area: `${code}${n}`, items: items(n) });
  return areas;
}

const TEAM = {
  instruments: 'Instrumentation & Electrical',
  controls: 'Process Control Engineering',
  safety: 'Functional Safety Team',
  scada: 'SCADA Engineering',
  network: 'OT Network & Security',
  it: 'Corporate IT',
  protection: 'Protection & Control Engineering',
  telemetry: 'Telemetry & Remote Sites',
} as const;

const PUMP_STATIONS = 8;
const FILTERS = 12;
const RESERVOIRS = 6;

export const RIVERSIDE: SitePlan = {
  site: 'Riverside Water Utility',
  prefix: 'RWU',
  domain: 'ot.riversidewater.local',
  zones: [
    {
      zone: 'Intake L0 Field', level: '0', subnet: '10.10.10', owner: TEAM.instruments,
      areas: [{ area: 'INT', items: [
        { role: 'FIT', product: 'promag400', count: 2 },
        { role: 'LIT', product: 'rosemount5408', count: 3 },
        { role: 'PIT', product: 'yokogawaEja', count: 4 },
        { role: 'AIT', product: 'liquiline', count: 2 },
        { role: 'VFD', product: 'atv630', count: 4 },
      ] }],
    },
    {
      zone: 'Intake L1 Control', level: '1', subnet: '10.10.11', owner: TEAM.controls,
      areas: [{ area: 'INT', items: [
        { role: 'PLC', product: 'm580', criticality: 'high' },
        { role: 'PLC', product: 'm340', tags: ['legacy'] },
        { role: 'GW', product: 'mgate5105' },
        { role: 'SW', product: 'eds510e', count: 2, owner: TEAM.network },
      ] }],
    },
    {
      zone: 'Filtration L0 Field', level: '0', subnet: '10.10.20', owner: TEAM.instruments,
      areas: [
        ...numbered('FLT', 1, FILTERS, () => [
          { role: 'FIT', product: 'promag300' },
          { role: 'AIT', product: 'hachTurbidity' },
          { role: 'PDT', product: 'yokogawaEja' },
        ]),
        { area: 'BWS', items: [
          { role: 'VFD', product: 'atv630', count: 3 },
          { role: 'FIT', product: 'promag400' },
        ] },
      ],
    },
    {
      zone: 'Filtration L1 Control', level: '1', subnet: '10.10.21', owner: TEAM.controls,
      areas: [
        { area: 'FLT', items: [
          { role: 'PLC', product: 's7_1516', count: 2, criticality: 'high' },
          { role: 'HMI', product: 'tp1200', count: 4 },
          { role: 'SW', product: 'xc208', count: 4, owner: TEAM.network },
        ] },
        ...numbered('FLT', 1, FILTERS, () => [{ role: 'RIO', product: 'et200sp' }]),
      ],
    },
    {
      zone: 'Chlorination L0 Field', level: '0', subnet: '10.10.30', owner: TEAM.instruments,
      areas: [{ area: 'CHL', items: [
        { role: 'AIT', product: 'hachChlorine', count: 4, criticality: 'high' },
        { role: 'AIT', product: 'yokogawaFlxa', count: 2 },
        { role: 'FIT', product: 'promag300', count: 2 },
        { role: 'WIT', product: 'rosemount3051', count: 2 },
        { role: 'LIT', product: 'micropilot', count: 2 },
        { role: 'VFD', product: 'atv630', count: 2, criticality: 'high' },
        { role: 'WHG', product: 'wihart1410' },
      ] }],
    },
    {
      zone: 'Chlorination L1 Control', level: '1', subnet: '10.10.31', owner: TEAM.controls,
      areas: [{ area: 'CHL', items: [
        { role: 'PLC', product: 's7_1516', criticality: 'critical' },
        { role: 'HMI', product: 'tp1200', count: 2 },
        { role: 'SW', product: 'xc208', count: 2, owner: TEAM.network },
      ] }],
    },
    {
      zone: 'Chlorination SIS L1', level: '1', subnet: '10.10.32', owner: TEAM.safety,
      areas: [{ area: 'CHL', items: [
        { role: 'SIS', product: 'himax', count: 2 },
        { role: 'SIS', product: 'tricon' },
        { role: 'SIS', product: 'himatrixF35' },
        { role: 'SW', product: 'rsp35', tags: ['safety'] },
        { role: 'EWS', product: 'ewsSafety', criticality: 'critical' },
      ] }],
    },
    {
      zone: 'Pumping Stations L0 Field', level: '0', subnet: '10.10.41', owner: TEAM.telemetry,
      areas: numbered('PS', 1, PUMP_STATIONS, () => [
        { role: 'VFD', product: 'powerflex755', count: 2 },
        { role: 'FIT', product: 'promag400' },
        { role: 'PIT', product: 'rosemount3051', count: 2 },
      ]),
    },
    {
      zone: 'Pumping Stations L1 Control', level: '1', subnet: '10.10.40', owner: TEAM.telemetry,
      areas: numbered('PS', 1, PUMP_STATIONS, (n) => [
        { role: 'PLC', product: n === 1 ? 'l83e' : 'l320er', criticality: 'high' },
        { role: 'HMI', product: 'pvp7' },
        { role: 'SW', product: 'stratix5700' },
        // PS5's cellular gateway was found answering on its public address during the last audit.
        { role: 'RTR', product: 'oncell', tags: n === 5 ? ['internet-exposed'] : [] },
      ]),
    },
    {
      zone: 'Reservoir L0 Field', level: '0', subnet: '10.10.51', owner: TEAM.telemetry,
      areas: numbered('RES', 1, RESERVOIRS, () => [
        { role: 'LIT', product: 'micropilot', count: 2 },
        { role: 'AIT', product: 'hachChlorine' },
      ]),
    },
    {
      zone: 'Reservoir L1 Telemetry', level: '1', subnet: '10.10.50', owner: TEAM.telemetry,
      areas: numbered('RES', 1, RESERVOIRS, (n) => [
        { role: 'PLC', product: 's7_1214' },
        { role: 'GW', product: 'nport5150' },
        { role: 'RTR', product: 'oncell', tags: n === 3 ? ['internet-exposed'] : [] },
      ]),
    },
    {
      zone: 'Treatment L2 Supervisory', level: '2', subnet: '10.10.60', owner: TEAM.scada,
      areas: [{ area: 'TRT', items: [
        { role: 'HMI', product: 'intouchNode', count: 4 },
        { role: 'HMI', product: 'intouchLegacy' },
        { role: 'SW', product: 'ie3400', count: 4, owner: TEAM.network },
      ] }],
    },
    {
      zone: 'SCADA L3 Operations', level: '3', subnet: '10.10.70', owner: TEAM.scada,
      areas: [{ area: 'SCADA', items: [
        { role: 'SRV', product: 'ignition', count: 2, criticality: 'high' },
        { role: 'SRV', product: 'systemPlatform', criticality: 'high' },
        { role: 'HIS', product: 'piServer' },
        { role: 'EWS', product: 'ewsTia', count: 2 },
        { role: 'EWS', product: 'ewsStudio' },
        { role: 'EWS', product: 'ewsControlExpert' },
        { role: 'DC', product: 'domainController', count: 2 },
        { role: 'BKP', product: 'backupServer' },
        { role: 'SW', product: 'cat9300', count: 2, owner: TEAM.network },
      ] }],
    },
    {
      zone: 'IDMZ', level: 'dmz', subnet: '10.10.90', owner: TEAM.network,
      areas: [{ area: 'DMZ', items: [
        { role: 'FW', product: 'fg100f', count: 2, criticality: 'critical' },
        { role: 'HIS', product: 'piArchiveLegacy', owner: TEAM.scada },
        { role: 'JMP', product: 'jumpHost', count: 2 },
        { role: 'PAT', product: 'patchServer' },
        { role: 'SW', product: 'cat9300' },
      ] }],
    },
    {
      zone: 'Enterprise L4', level: '4', subnet: '10.100.4', owner: TEAM.it,
      areas: [{ area: 'ENT', items: [
        { role: 'SRV', product: 'piVision', owner: TEAM.scada },
        { role: 'SRV', product: 'businessServer' },
        { role: 'WS', product: 'officePc', count: 20 },
        { role: 'SW', product: 'cat9300', count: 2 },
      ] }],
    },
    {
      zone: 'Corporate L5', level: '5', subnet: '10.100.5', owner: TEAM.it,
      areas: [{ area: 'CORP', items: [
        { role: 'FW', product: 'fg100f', count: 2, criticality: 'critical', tags: ['internet-exposed', 'remote-access'] },
        { role: 'SRV', product: 'erpServer' },
        { role: 'WS', product: 'officePc', count: 10 },
        { role: 'SW', product: 'cat9300' },
      ] }],
    },
  ],
};

// 138 kV: BAY1-2 lines, BAY3-4 transformers, BAY5 bus coupler. 13.8 kV: BAY6-17 feeders.
const LINE_BAYS: readonly Placement[] = [
  { role: 'REL', product: 'sel411l' },
  { role: 'REL', product: 'sel451' },
];
const TRANSFORMER_BAYS: readonly Placement[] = [
  { role: 'REL', product: 'sel487e' },
  { role: 'REL', product: 'multilinT60' },
];
const FEEDER_RELAYS = ['sel751', 'ref615', 'multilin850', 'siprotec7sj85'] as const satisfies readonly ProductId[];

export const NORTH_RIDGE: SitePlan = {
  site: 'North Ridge 138/13.8 kV Substation',
  prefix: 'NR',
  domain: 'sub.northridge.grid.local',
  zones: [
    {
      zone: 'Process Bus L0', level: '0', subnet: '10.20.10', owner: TEAM.protection,
      areas: [
        ...numbered('BAY', 1, 5, (n) => [{ role: 'MU', product: n === 3 || n === 4 ? 'siprotec6mu85' : 'sel401', count: 2 }]),
        { area: 'PB', items: [{ role: 'SW', product: 'sel2730m', count: 2, owner: TEAM.network, criticality: 'high' }] },
      ],
    },
    {
      zone: 'Station Bus L1', level: '1', subnet: '10.20.11', owner: TEAM.protection,
      areas: [
        ...numbered('BAY', 1, 2, () => LINE_BAYS),
        ...numbered('BAY', 3, 4, () => TRANSFORMER_BAYS),
        { area: 'BAY5', items: [{ role: 'REL', product: 'sel451' }, { role: 'BCU', product: 'siprotec6md85' }] },
        ...numbered('BAY', 6, 17, (n) => [{ role: 'REL', product: FEEDER_RELAYS[n % FEEDER_RELAYS.length] ?? 'sel751' }]),
        { area: 'SB', items: [
          { role: 'SW', product: 'sel2730m', count: 4, owner: TEAM.network, criticality: 'high' },
          { role: 'SW', product: 'rsg2488', count: 2, owner: TEAM.network, criticality: 'high' },
          { role: 'CLK', product: 'sel2488', count: 2, criticality: 'high' },
        ] },
      ],
    },
    {
      zone: 'Substation Automation L2', level: '2', subnet: '10.20.20', owner: TEAM.protection,
      areas: [{ area: 'STN', items: [
        { role: 'RTAC', product: 'sel3530', count: 2, criticality: 'critical' },
        { role: 'RTU', product: 'rtu560', criticality: 'critical' },
        { role: 'HMI', product: 'substationHmi' },
        { role: 'SW', product: 'rsp35', count: 2, owner: TEAM.network },
      ] }],
    },
    {
      zone: 'Substation Engineering L3', level: '3', subnet: '10.20.30', owner: TEAM.protection,
      areas: [{ area: 'STN', items: [
        { role: 'EWS', product: 'ewsProtection', count: 2, tags: ['remote-access'] },
        { role: 'HIS', product: 'piServer', owner: TEAM.scada },
        { role: 'SW', product: 'ie3400', owner: TEAM.network },
      ] }],
    },
    {
      zone: 'Control Centre Gateway DMZ', level: 'dmz', subnet: '10.20.90', owner: TEAM.network,
      areas: [{ area: 'GW', items: [
        { role: 'FW', product: 'fg100f', count: 2, criticality: 'critical' },
        { role: 'RTR', product: 'ir1101' },
        { role: 'SEC', product: 'sel3620', criticality: 'high' },
      ] }],
    },
  ],
};

export const DEMO_SITES: readonly SitePlan[] = [RIVERSIDE, NORTH_RIDGE];
