/**
 * The product catalogue of the demo plant: one template per real product line, with the
 * firmware releases seen in the field, the vendor's serial format, its IEEE OUIs and its NVD CPEs.
 */
import type { AssetKind } from '../model/asset.js';

/** A firmware / software release. `cpe` is the CPE version[:update] fragment when it is not derivable. */
export interface Release {
  version: string;
  /** Already-escaped CPE 2.3 formatted-string fragment replacing `{v}` (may include `:update`). */
  cpe?: string;
  /** Out of vendor support or long overdue: the asset is tagged `legacy`. */
  legacy?: boolean;
}

/** How a host names itself: Windows NetBIOS (upper case, <= 15 chars) or a DNS name. */
export type HostnameStyle = 'windows' | 'dns';

export interface ProductTemplate {
  kind: AssetKind;
  vendor: string;
  model: string;
  /** Newest / most common first; the generator picks the first most of the time. */
  releases: readonly Release[];
  hardwareVersion?: string;
  /** ISO 3166-1 alpha-2 country of the vendor's headquarters. */
  country: string;
  /** Serial pattern for `fillPattern`: `#` digit, `@` letter, `%` hex, `&` letter or digit. */
  serial: string;
  /** MA-L OUIs (six hex digits) the NIC comes from; empty for devices with no Ethernet port. */
  ouis: readonly string[];
  /** CPE templates; `{v}` becomes the release's CPE version. */
  cpes?: readonly string[];
  purls?: readonly string[];
  hostname?: HostnameStyle;
  tags?: readonly string[];
}

const r = (version: string, extra: Omit<Release, 'version'> = {}): Release => ({ version, ...extra });
const legacy = (version: string, extra: Omit<Release, 'version' | 'legacy'> = {}): Release => ({ version, legacy: true, ...extra });
const cpe = (part: 'a' | 'o' | 'h', vendor: string, product: string, tail = '*:*:*:*:*:*:*'): string =>
  `cpe:2.3:${part}:${vendor}:${product}:${part === 'h' ? '-' : '{v}'}:${tail}`;

const OUI = {
  siemens: ['001B1B', '000E8C', '286336'],
  siemensChengdu: ['8CF319', 'E0DCA0'],
  siemensEnergy: ['B4B15A', '001B1B'],
  ruggedcom: ['000ADC', '94B8C5'],
  rockwell: ['0000BC', '001D9C', 'F45433', '5C8816'],
  schneider: ['0080F4', '000054'],
  invensys: ['002096'],
  hima: ['00E0A1'],
  sel: ['0030A7'],
  abbMv: ['0021C1'],
  hitachi: ['0002A3', '00032C'],
  ge: ['00A0F4', 'C4B512', '50E0F9'],
  moxa: ['0090E8'],
  cisco: ['00D0C0', 'F87B20', '2C3124', 'B4E9B0'],
  hirschmann: ['008063', 'EC74BA'],
  fortinet: ['00090F', '04D590'],
  dell: ['D4AE52', 'F8BC12', 'B083FE', '0C29EF', '18A99B'],
  endress: ['000705'],
  hach: ['000E1C'],
  rosemount: ['002616'],
  none: [],
} as const satisfies Record<string, readonly string[]>;

const WIN10_LTSC = [
  r('Windows 10 IoT Enterprise LTSC 2021 (10.0.19044.5011)', { cpe: '10.0.19044.5011' }),
  r('Windows 10 IoT Enterprise LTSC 2021 (10.0.19044.4894)', { cpe: '10.0.19044.4894' }),
];
const WIN10_CPE = 'cpe:2.3:o:microsoft:windows_10_21h2:{v}:*:*:*:*:*:x64:*';
const WINSRV22 = [r('Windows Server 2022 (10.0.20348.2762)', { cpe: '10.0.20348.2762' })];
const WINSRV22_CPE = 'cpe:2.3:o:microsoft:windows_server_2022:{v}:*:*:*:*:*:*:*';
const WINSRV19_CPE = 'cpe:2.3:o:microsoft:windows_server_2019:{v}:*:*:*:*:*:*:*';
const WIN11 = [r('Windows 11 Enterprise 23H2 (10.0.22631.4317)', { cpe: '10.0.22631.4317' })];
const UBUNTU_PURLS = [
  'pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.18?arch=amd64&distro=ubuntu-22.04',
  'pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.18?arch=amd64&distro=ubuntu-22.04',
];

const SIEMENS = { vendor: 'Siemens', country: 'DE' } as const;
const ROCKWELL = { vendor: 'Rockwell Automation', country: 'US', serial: '%%%%%%%%', ouis: OUI.rockwell } as const;
const SCHNEIDER = { vendor: 'Schneider Electric', country: 'FR' } as const;
const SEL = { vendor: 'Schweitzer Engineering Laboratories', country: 'US', serial: '11########', ouis: OUI.sel } as const;
const MOXA = { vendor: 'Moxa', country: 'TW', serial: 'TA@@@1#######', ouis: OUI.moxa, hostname: 'dns' } as const;
const CISCO = { vendor: 'Cisco', country: 'US', serial: 'FOC2###&&&&', ouis: OUI.cisco, hostname: 'dns' } as const;
const DELL = { vendor: 'Dell', country: 'US', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows' } as const;
const FORTINET = { vendor: 'Fortinet', country: 'US', ouis: OUI.fortinet, hostname: 'dns' } as const;
const FORTIOS_CPE = cpe('o', 'fortinet', 'fortios');
const IOS_XE_CPE = cpe('o', 'cisco', 'ios_xe');

export const PRODUCTS = {
  // --- Siemens ---
  s7_1516: {
    ...SIEMENS, kind: 'plc', model: 'SIMATIC S7-1500 CPU 1516-3 PN/DP (6ES7516-3AN02-0AB0)',
    releases: [r('V2.9.4'), r('V2.9.2'), legacy('V2.5.2')], hardwareVersion: 'FS 05', serial: 'S C-@#@######', ouis: OUI.siemens,
    cpes: [cpe('o', 'siemens', 'simatic_s7-1500_cpu_1516-3_pn\\/dp_firmware'), cpe('h', 'siemens', 'simatic_s7-1500_cpu_1516-3_pn\\/dp')],
  },
  s7_1214: {
    ...SIEMENS, kind: 'plc', model: 'SIMATIC S7-1200 CPU 1214C DC/DC/DC (6ES7214-1AG40-0XB0)',
    releases: [r('V4.5.2'), r('V4.4.1'), legacy('V4.1.3')], hardwareVersion: 'FS 07', serial: 'S C-@#@######', ouis: OUI.siemensChengdu,
    cpes: [cpe('o', 'siemens', 'simatic_s7-1200_cpu_1214c_dc\\/dc\\/dc_firmware'), cpe('h', 'siemens', 'simatic_s7-1200_cpu_1214c_dc\\/dc\\/dc')],
  },
  et200sp: {
    ...SIEMENS, kind: 'other', model: 'SIMATIC ET 200SP IM 155-6 PN HF (6ES7155-6AU01-0CN0)',
    releases: [r('V4.2.3'), r('V4.2.1')], hardwareVersion: 'FS 03', serial: 'S C-@#@######', ouis: OUI.siemens,
  },
  tp1200: {
    ...SIEMENS, kind: 'hmi', model: 'SIMATIC HMI TP1200 Comfort (6AV2124-0MC01-0AX0)',
    releases: [r('V18.0.0.0'), r('V17.0.0.0'), legacy('V14.0.1.0')], hardwareVersion: 'FS 12', serial: 'S V-@#@######', ouis: OUI.siemens,
  },
  xc208: {
    ...SIEMENS, kind: 'network', model: 'SCALANCE XC208 (6GK5208-0BA00-2AC2)',
    releases: [r('V4.5'), r('V4.4'), legacy('V4.1')], hardwareVersion: 'FS 04', serial: 'VPL#######', ouis: OUI.siemens, hostname: 'dns',
    cpes: [cpe('o', 'siemens', 'scalance_xc208_firmware'), cpe('h', 'siemens', 'scalance_xc208')],
  },
  rsg2488: {
    ...SIEMENS, kind: 'network', model: 'RUGGEDCOM RSG2488 Modular Managed Ethernet Switch',
    releases: [r('ROS v5.8.0'), r('ROS v5.7.0')], serial: 'RG####-####', ouis: OUI.ruggedcom, hostname: 'dns',
  },
  siprotec7sj85: {
    ...SIEMENS, kind: 'ied', model: 'SIPROTEC 5 7SJ85 Overcurrent Protection',
    releases: [r('V9.40'), r('V9.20'), legacy('V7.90')], hardwareVersion: 'HW 03', serial: 'BF##########', ouis: OUI.siemensEnergy,
  },
  siprotec6md85: {
    ...SIEMENS, kind: 'ied', model: 'SIPROTEC 5 6MD85 Bay Controller',
    releases: [r('V9.40'), r('V9.20')], hardwareVersion: 'HW 03', serial: 'BF##########', ouis: OUI.siemensEnergy,
  },
  siprotec6mu85: {
    ...SIEMENS, kind: 'ied', model: 'SIPROTEC 5 6MU85 Merging Unit',
    releases: [r('V9.40')], hardwareVersion: 'HW 03', serial: 'BF##########', ouis: OUI.siemensEnergy,
  },
  // --- Rockwell Automation ---
  l83e: {
    ...ROCKWELL, kind: 'plc', model: 'ControlLogix 5580 1756-L83E',
    releases: [r('33.011'), r('35.013'), legacy('30.014')], hardwareVersion: 'Series B',
    cpes: [cpe('o', 'rockwellautomation', '1756-l83e_firmware'), cpe('h', 'rockwellautomation', '1756-l83e')],
  },
  l320er: {
    ...ROCKWELL, kind: 'plc', model: 'CompactLogix 5380 5069-L320ER',
    releases: [r('33.011'), r('34.014'), legacy('31.011')], hardwareVersion: 'Series A',
    cpes: [cpe('o', 'rockwellautomation', 'compactlogix_5069-l320er_firmware'), cpe('h', 'rockwellautomation', 'compactlogix_5069-l320er')],
  },
  pvp7: {
    ...ROCKWELL, kind: 'hmi', model: 'PanelView Plus 7 Performance 2711P-T10C22D9P',
    releases: [r('13.00.00'), r('12.00.00'), legacy('10.00.00')], hardwareVersion: 'Series B',
  },
  stratix5700: {
    ...ROCKWELL, kind: 'network', model: 'Stratix 5700 1783-BMS10CGL', hostname: 'dns',
    releases: [r('15.2(8)E5'), r('15.2(7)E8')], hardwareVersion: 'Series B',
    cpes: [cpe('h', 'rockwellautomation', 'stratix_5700')],
  },
  powerflex755: {
    ...ROCKWELL, kind: 'drive', model: 'PowerFlex 755 AC Drive (20G1ANC208JN0NNNNN)',
    releases: [r('16.001'), r('14.003')], hardwareVersion: 'Series B',
  },
  // --- Schneider Electric ---
  m580: {
    ...SCHNEIDER, kind: 'plc', model: 'Modicon M580 BMEP584040', serial: '####@@#####', ouis: OUI.schneider,
    releases: [r('SV3.20', { cpe: '3.20' }), r('SV3.10', { cpe: '3.10' }), legacy('SV2.90', { cpe: '2.90' })], hardwareVersion: 'PV 06',
    cpes: [cpe('o', 'schneider-electric', 'modicon_m580_firmware'), cpe('h', 'schneider-electric', 'modicon_m580')],
  },
  m340: {
    ...SCHNEIDER, kind: 'plc', model: 'Modicon M340 BMXP342020', serial: '####@@#####', ouis: OUI.schneider,
    releases: [r('SV3.60', { cpe: '3.60' }), legacy('SV2.70', { cpe: '2.70' })], hardwareVersion: 'PV 11',
    cpes: [cpe('o', 'schneider-electric', 'modicon_m340_firmware'), cpe('h', 'schneider-electric', 'modicon_m340')],
  },
  atv630: {
    ...SCHNEIDER, kind: 'drive', model: 'Altivar Process ATV630D30N4 (VW3A3720 Ethernet)', serial: '8B############', ouis: OUI.schneider,
    releases: [r('V3.7IE71'), r('V3.6IE43'), legacy('V2.9IE31')],
  },
  tricon: {
    ...SCHNEIDER, kind: 'sis', model: 'Triconex Tricon CX (3009X MP, 4610X TCM)', serial: '#######', ouis: OUI.invensys,
    releases: [r('11.8.0'), r('11.6.1')], tags: ['safety'],
  },
  // --- HIMA ---
  himax: {
    vendor: 'HIMA', country: 'DE', kind: 'sis', model: 'HIMax X-CPU 01 (X-COM 01)', serial: '########', ouis: OUI.hima,
    releases: [r('CPU OS V12.4'), r('CPU OS V10.52')], tags: ['safety'],
  },
  himatrixF35: {
    vendor: 'HIMA', country: 'DE', kind: 'sis', model: 'HIMatrix F35', serial: '########', ouis: OUI.hima,
    releases: [legacy('CPU OS V8.44')], tags: ['safety'],
  },
  // --- Schweitzer Engineering Laboratories ---
  sel451: { ...SEL, kind: 'ied', model: 'SEL-451-5 Protection, Automation and Bay Control System', releases: [r('R322-V1'), r('R321-V2'), legacy('R316-V0')] },
  sel411l: { ...SEL, kind: 'ied', model: 'SEL-411L-1 Advanced Line Differential Protection', releases: [r('R132-V0'), r('R130-V2')] },
  sel487e: { ...SEL, kind: 'ied', model: 'SEL-487E-3 Transformer Protection Relay', releases: [r('R319-V0'), r('R317-V1')] },
  sel751: { ...SEL, kind: 'ied', model: 'SEL-751 Feeder Protection Relay', releases: [r('R331-V0'), r('R328-V2'), legacy('R318-V1')] },
  sel401: { ...SEL, kind: 'ied', model: 'SEL-401 Protection, Automation and Control Merging Unit', releases: [r('R101-V2'), r('R100-V3')] },
  sel3530: { ...SEL, kind: 'gateway', model: 'SEL-3530 Real-Time Automation Controller (RTAC)', releases: [r('R151-V2'), r('R150-V3'), legacy('R143-V1')], hostname: 'dns' },
  sel2730m: { ...SEL, kind: 'network', model: 'SEL-2730M Managed 24-Port Ethernet Switch', releases: [r('R208-V1'), r('R206-V2')], hostname: 'dns' },
  sel2488: { ...SEL, kind: 'other', model: 'SEL-2488 Satellite-Synchronized Network Clock', releases: [r('R107-V2'), r('R106-V1')] },
  sel3620: { ...SEL, kind: 'gateway', model: 'SEL-3620 Ethernet Security Gateway', releases: [r('R209-V1'), r('R207-V3')], hostname: 'dns' },
  // --- ABB / Hitachi Energy / GE Vernova ---
  ref615: {
    vendor: 'ABB', country: 'CH', kind: 'ied', model: 'Relion REF615 Feeder Protection and Control', serial: '1VHR9#######', ouis: OUI.abbMv,
    releases: [r('5.0 FP1'), legacy('4.0 FP1')], hardwareVersion: 'Rev. H',
  },
  rtu560: {
    vendor: 'Hitachi Energy', country: 'CH', kind: 'rtu', model: 'RTU560 (560CMU05 communication unit)', serial: '1KGT########', ouis: OUI.hitachi,
    releases: [r('13.5.3'), r('12.7.6'), legacy('12.2.11')], hostname: 'dns',
    cpes: [cpe('o', 'hitachienergy', 'rtu500_firmware'), cpe('h', 'hitachienergy', 'rtu560')],
  },
  multilin850: {
    vendor: 'GE Vernova', country: 'US', kind: 'ied', model: 'Multilin 850 Feeder Protection System', serial: 'ML8H########', ouis: OUI.ge,
    releases: [r('4.3.1'), r('3.8.2')],
  },
  multilinT60: {
    vendor: 'GE Vernova', country: 'US', kind: 'ied', model: 'Multilin UR T60 Transformer Protection System', serial: 'MAZB########', ouis: OUI.ge,
    releases: [r('8.30'), legacy('7.60')],
  },
  // --- Network and security ---
  eds510e: { ...MOXA, kind: 'network', model: 'EDS-510E-3GTXSFP', releases: [r('5.5'), r('5.2'), legacy('3.8')], cpes: [cpe('o', 'moxa', 'eds-510e_firmware')] },
  nport5150: { ...MOXA, kind: 'gateway', model: 'NPort 5150 Serial Device Server', releases: [r('3.11'), legacy('2.6')], cpes: [cpe('o', 'moxa', 'nport_5150_firmware')] },
  mgate5105: { ...MOXA, kind: 'gateway', model: 'MGate 5105-MB-EIP', releases: [r('4.3'), r('4.2')], cpes: [cpe('o', 'moxa', 'mgate_5105-mb-eip_firmware')] },
  oncell: { ...MOXA, kind: 'gateway', model: 'OnCell G3150A-LTE-EU Cellular Gateway', releases: [r('1.3'), r('1.1')], tags: ['remote-access'] },
  ie3400: { ...CISCO, kind: 'network', model: 'Catalyst IE3400 Rugged IE-3400-8P2S', releases: [r('17.9.5'), r('17.6.7')], cpes: [IOS_XE_CPE] },
  cat9300: { ...CISCO, kind: 'network', model: 'Catalyst 9300-48P', releases: [r('17.9.5'), r('17.12.4')], cpes: [IOS_XE_CPE] },
  ir1101: { ...CISCO, kind: 'gateway', model: 'Catalyst IR1101 Rugged Router', releases: [r('17.12.4')], cpes: [IOS_XE_CPE], tags: ['remote-access'] },
  rsp35: {
    vendor: 'Hirschmann', country: 'DE', kind: 'network', model: 'RSP35 Rail Switch Power (HiOS-3S)', serial: '94########', ouis: OUI.hirschmann,
    releases: [r('HiOS 09.4.04'), legacy('HiOS 07.1.02')], hostname: 'dns',
  },
  fg100f: {
    ...FORTINET, kind: 'network', model: 'FortiGate 100F (FG-100F)', serial: 'FG100FTK2#######',
    releases: [r('FortiOS 7.2.10 build1706', { cpe: '7.2.10' }), r('FortiOS 7.4.5 build2702', { cpe: '7.4.5' }), legacy('FortiOS 6.4.15 build2095', { cpe: '6.4.15' })],
    cpes: [FORTIOS_CPE],
  },
  // --- Field devices ---
  promag400: {
    vendor: 'Endress+Hauser', country: 'CH', kind: 'sensor', model: 'Proline Promag W 400 (5W4C, EtherNet/IP)', serial: '@#0##@02###', ouis: OUI.endress,
    releases: [r('01.02.00'), r('01.01.01')],
  },
  promag300: {
    vendor: 'Endress+Hauser', country: 'CH', kind: 'sensor', model: 'Proline Promag W 300 (5W3C, PROFINET)', serial: '@#0##@02###', ouis: OUI.endress,
    releases: [r('01.02.00'), r('01.01.00')],
  },
  liquiline: {
    vendor: 'Endress+Hauser', country: 'CH', kind: 'sensor', model: 'Liquiline CM442 (Modbus TCP)', serial: '@#0##@05###', ouis: OUI.endress,
    releases: [r('01.07.06'), r('01.06.08')],
  },
  micropilot: {
    vendor: 'Endress+Hauser', country: 'CH', kind: 'sensor', model: 'Micropilot FMR20 Radar Level (4-20 mA HART)', serial: '@#0##@01###', ouis: OUI.none,
    releases: [r('01.01.00')],
  },
  hachTurbidity: {
    vendor: 'Hach', country: 'US', kind: 'sensor', model: 'SC4500 Controller with TU5300sc Turbidimeter', serial: '2#########', ouis: OUI.hach,
    releases: [r('3.40'), r('3.20')],
  },
  hachChlorine: {
    vendor: 'Hach', country: 'US', kind: 'sensor', model: 'SC4500 Controller with CL17sc Chlorine Analyzer', serial: '2#########', ouis: OUI.hach,
    releases: [r('3.40'), r('3.20')],
  },
  rosemount3051: {
    vendor: 'Emerson', country: 'US', kind: 'sensor', model: 'Rosemount 3051S Pressure Transmitter (HART)', serial: '#######', ouis: OUI.none,
    releases: [r('HART 7 rev 9')],
  },
  rosemount5408: {
    vendor: 'Emerson', country: 'US', kind: 'sensor', model: 'Rosemount 5408 Radar Level Transmitter (HART)', serial: '#######', ouis: OUI.none,
    releases: [r('1.A6')],
  },
  wihart1410: {
    vendor: 'Emerson', country: 'US', kind: 'gateway', model: 'Emerson 1410S Wireless Gateway (WirelessHART)', serial: '#######', ouis: OUI.rosemount,
    releases: [r('5.0.3')], hostname: 'dns',
  },
  yokogawaEja: {
    vendor: 'Yokogawa', country: 'JP', kind: 'sensor', model: 'EJA110E Differential Pressure Transmitter (HART)', serial: 'S5@######', ouis: OUI.none,
    releases: [r('R1.03')],
  },
  yokogawaFlxa: {
    vendor: 'Yokogawa', country: 'JP', kind: 'sensor', model: 'FLXA202 2-Wire Liquid Analyzer (pH/ORP, HART)', serial: 'S5@######', ouis: OUI.none,
    releases: [r('R1.06')],
  },
  // --- Hosts ---
  ewsTia: {
    ...DELL, kind: 'ews', model: 'Precision 3660 Tower (TIA Portal V18 engineering)', releases: WIN10_LTSC,
    cpes: [WIN10_CPE, 'cpe:2.3:a:siemens:totally_integrated_automation_portal:v18:update_3:*:*:*:*:*:*'],
  },
  ewsStudio: {
    ...DELL, kind: 'ews', model: 'Precision 3660 Tower (Studio 5000 Logix Designer V36 engineering)', releases: WIN10_LTSC,
    cpes: [WIN10_CPE, 'cpe:2.3:a:rockwellautomation:studio_5000_logix_designer:36.00:*:*:*:*:*:*:*'],
  },
  ewsControlExpert: {
    ...DELL, kind: 'ews', model: 'Precision 3660 Tower (EcoStruxure Control Expert 15.3 engineering)', releases: WIN10_LTSC,
    cpes: [WIN10_CPE, 'cpe:2.3:a:schneider-electric:ecostruxure_control_expert:15.3:*:*:*:*:*:*:*'],
  },
  ewsSafety: {
    ...DELL, kind: 'ews', model: 'Precision 3660 Tower (HIMA SILworX / Triconex TriStation 1131 engineering)', releases: WIN10_LTSC,
    cpes: [WIN10_CPE], tags: ['safety'],
  },
  ewsProtection: {
    ...DELL, kind: 'ews', model: 'Precision 7680 Laptop (AcSELerator QuickSet, RTAC, PCM600, DIGSI 5)', releases: WIN10_LTSC,
    cpes: [WIN10_CPE],
  },
  intouchNode: {
    vendor: 'AVEVA', country: 'GB', kind: 'hmi', model: 'InTouch HMI 2023 R2 view node', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [r('InTouch 2023 R2 SP1', { cpe: '2023' })],
    cpes: ['cpe:2.3:a:aveva:intouch:{v}:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_10_21h2:10.0.19044.5011:*:*:*:*:*:x64:*'],
  },
  intouchLegacy: {
    vendor: 'AVEVA', country: 'GB', kind: 'hmi', model: 'Wonderware InTouch 2014 R2 view node (Windows 7 Embedded)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [legacy('InTouch 2014 R2 SP1', { cpe: '2014' })], tags: ['legacy'],
    cpes: ['cpe:2.3:a:aveva:intouch:{v}:r2_sp1:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'],
  },
  systemPlatform: {
    vendor: 'AVEVA', country: 'GB', kind: 'server', model: 'System Platform 2023 R2 Galaxy Repository (PowerEdge R650)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [r('System Platform 2023 R2 SP1', { cpe: '2023' })],
    cpes: ['cpe:2.3:a:aveva:system_platform:{v}:*:*:*:*:*:*:*', WINSRV22_CPE.replace('{v}', '10.0.20348.2762')],
  },
  ignition: {
    vendor: 'Inductive Automation', country: 'US', kind: 'server', model: 'Ignition 8.1 Gateway (PowerEdge R650, Ubuntu 22.04 LTS)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'dns',
    releases: [r('8.1.44'), r('8.1.33')],
    cpes: ['cpe:2.3:a:inductiveautomation:ignition:{v}:*:*:*:*:*:*:*', 'cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:lts:*:*:*'],
    purls: UBUNTU_PURLS,
  },
  piServer: {
    vendor: 'AVEVA', country: 'GB', kind: 'historian', model: 'PI Server 2023 (PI Data Archive, PowerEdge R750)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [r('PI Server 2023 Patch 1', { cpe: '2023' })],
    cpes: ['cpe:2.3:a:aveva:pi_server:{v}:*:*:*:*:*:*:*', WINSRV22_CPE.replace('{v}', '10.0.20348.2762')],
  },
  piArchiveLegacy: {
    vendor: 'OSIsoft', country: 'US', kind: 'historian', model: 'PI Data Archive 2018 SP3 (PowerEdge R640)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [legacy('PI Data Archive 2018 SP3 Patch 4', { cpe: '2018:sp3_patch_4' })],
    cpes: ['cpe:2.3:a:osisoft:pi_data_archive:{v}:*:*:*:*:*:*', WINSRV19_CPE.replace('{v}', '10.0.17763.6414')],
  },
  piVision: {
    vendor: 'AVEVA', country: 'GB', kind: 'server', model: 'PI Vision 2023 (PowerEdge R450)', serial: '&&&&&&&', ouis: OUI.dell, hostname: 'windows',
    releases: [r('PI Vision 2023', { cpe: '2023' })],
    cpes: ['cpe:2.3:a:aveva:pi_vision:{v}:*:*:*:*:*:*:*', WINSRV22_CPE.replace('{v}', '10.0.20348.2762')],
  },
  domainController: { ...DELL, kind: 'server', model: 'PowerEdge R450 (Active Directory domain controller)', releases: WINSRV22, cpes: [WINSRV22_CPE] },
  jumpHost: { ...DELL, kind: 'server', model: 'PowerEdge R450 (Remote Desktop jump host)', releases: WINSRV22, cpes: [WINSRV22_CPE], tags: ['remote-access'] },
  patchServer: { ...DELL, kind: 'server', model: 'PowerEdge R450 (WSUS and antivirus relay)', releases: WINSRV22, cpes: [WINSRV22_CPE] },
  backupServer: { ...DELL, kind: 'server', model: 'PowerEdge R750 (Veeam Backup & Replication 12)', releases: WINSRV22, cpes: [WINSRV22_CPE] },
  businessServer: { ...DELL, kind: 'server', model: 'PowerEdge R750 (IBM Maximo CMMS)', releases: WINSRV22, cpes: [WINSRV22_CPE] },
  erpServer: { ...DELL, kind: 'server', model: 'PowerEdge R750 (SAP S/4HANA application server)', releases: WINSRV22, cpes: [WINSRV22_CPE] },
  officePc: {
    ...DELL, kind: 'workstation', model: 'OptiPlex 7010 Micro', releases: WIN11,
    cpes: ['cpe:2.3:o:microsoft:windows_11_23h2:{v}:*:*:*:*:*:x64:*'],
  },
  substationHmi: {
    ...DELL, kind: 'hmi', model: 'OptiPlex XE4 (SEL RTAC web HMI client)', releases: WIN10_LTSC, cpes: [WIN10_CPE],
  },
} as const satisfies Record<string, ProductTemplate>;

export type ProductId = keyof typeof PRODUCTS;
