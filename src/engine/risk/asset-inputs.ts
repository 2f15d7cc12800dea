/**
 * The asset side of SSVC and BOD 26-04, after the platform rule of standards §7: Mission
 * Prevalence and Public Well-being from the asset's kind, criticality and safety tags, and its
 * exposure from the asset or zone attribute. Each derivation says which rule applied.
 */
import type { AssetKind, Criticality } from '../../model/asset.js';
import { derived, isOneOf, EXPOSURES, type Derived, type Exposure, type MissionPrevalence, type PublicWellbeing } from './values.js';

export interface AssetContext {
  id: string;
  /** Asset kind (model/asset.ts); absent or `other` means the engine does not know what the device does. */
  kind?: AssetKind | undefined;
  criticality?: Criticality | null | undefined;
  tags?: readonly string[] | undefined;
  /** The asset's own exposure attribute. */
  exposure?: Exposure | null | undefined;
  zone?: { id: string; exposure?: Exposure | null | undefined } | null | undefined;
  site?: { id: string } | null | undefined;
}

/** Directly perform an essential function: controllers, safety systems, protection relays, primary SCADA/HMI. */
const ESSENTIAL_KINDS: readonly AssetKind[] = ['plc', 'rtu', 'sis', 'ied', 'hmi'];
/** Support the essential ones: historian, engineering workstation, OT servers (jump hosts, domain services). */
const SUPPORT_KINDS: readonly AssetKind[] = ['historian', 'ews', 'server'];
/** Act on the physical process: a compromise can injure, damage plant or interrupt the service. */
const PHYSICAL_KINDS: readonly AssetKind[] = ['plc', 'rtu', 'ied', 'drive'];
/** Tags that mark a safety function (life safety, hazardous release). */
const SAFETY_TAGS = ['safety', 'sis', 'life-safety', 'hazardous', 'hazardous-release', 'sil'];

function knowsKind(asset: AssetContext): asset is AssetContext & { kind: AssetKind } {
  return asset.kind !== undefined && asset.kind !== 'other';
}

function safetyTag(asset: AssetContext): string | undefined {
  return asset.tags?.find((tag) => SAFETY_TAGS.includes(tag.trim().toLowerCase()));
}

/**
 * Mission Prevalence: kind plc/rtu/sis/ied/hmi → essential; historian/ews/server → support;
 * other known kinds → minimal. The owner's criticality raises it: critical → essential, high → at
 * least support. Unknown kind (absent or `other`) without a criticality → unknown.
 */
export function deriveMissionPrevalence(asset: AssetContext): Derived<MissionPrevalence> {
  const fromKind: MissionPrevalence | undefined = !knowsKind(asset)
    ? undefined
    : ESSENTIAL_KINDS.includes(asset.kind)
      ? 'essential'
      : SUPPORT_KINDS.includes(asset.kind)
        ? 'support'
        : 'minimal';
  const kindRule = `kind ${asset.kind ?? '(none)'}: plc/rtu/sis/ied/hmi → essential, historian/ews/server → support, other known kinds → minimal`;
  if (asset.criticality === 'critical' && fromKind !== 'essential') {
    return derived('essential', `criticality critical → essential (${kindRule} gives ${fromKind ?? 'unknown'})`, 'asset criticality');
  }
  if (asset.criticality === 'high' && (fromKind === undefined || fromKind === 'minimal')) {
    return derived('support', `criticality high → at least support (${kindRule} gives ${fromKind ?? 'unknown'})`, 'asset criticality');
  }
  if (fromKind !== undefined) return derived(fromKind, kindRule, 'asset kind');
  if (asset.criticality) return derived('minimal', `unknown kind, criticality ${asset.criticality} → minimal`, 'asset criticality');
  return derived('unknown', 'asset kind unknown (absent or other) and no criticality', 'none');
}

/**
 * Public Well-being: SIS or a safety tag → irreversible; criticality high/critical or a kind that
 * acts on the physical process (plc/rtu/ied/drive) → material; other known kinds or a low/medium
 * criticality → minimal. Nothing known → unknown.
 */
export function derivePublicWellbeing(asset: AssetContext): Derived<PublicWellbeing> {
  if (asset.kind === 'sis') return derived('irreversible', 'kind sis (safety instrumented system) → irreversible', 'asset kind');
  const tag = safetyTag(asset);
  if (tag) return derived('irreversible', `safety tag ${JSON.stringify(tag)} → irreversible`, 'asset tags');
  if (asset.criticality === 'high' || asset.criticality === 'critical') {
    return derived('material', `criticality ${asset.criticality} → material`, 'asset criticality');
  }
  if (knowsKind(asset) && PHYSICAL_KINDS.includes(asset.kind)) {
    return derived('material', `kind ${asset.kind} acts on the physical process → material`, 'asset kind');
  }
  if (knowsKind(asset)) return derived('minimal', `kind ${asset.kind}, no safety function, criticality ${asset.criticality ?? 'unset'} → minimal`, 'asset kind');
  if (asset.criticality) return derived('minimal', `unknown kind, criticality ${asset.criticality} → minimal`, 'asset criticality');
  return derived('unknown', 'asset kind unknown (absent or other), no criticality, no safety tag', 'none');
}

/**
 * Exposure: the asset's attribute, else its zone's; unknown otherwise (BOD 26-04 counts unknown as
 * exposed). The Purdue level is deliberately not used: level 0–1 devices reachable from the
 * internet are exactly the ones that must not be assumed isolated.
 */
export function deriveExposure(asset: AssetContext): Derived<Exposure> {
  const notes: string[] = [];
  for (const [value, where] of [[asset.exposure, 'asset'], [asset.zone?.exposure, `zone ${asset.zone?.id ?? ''}`]] as const) {
    if (value === undefined || value === null) continue;
    if (isOneOf(EXPOSURES, value)) return derived(value, `${where} exposure attribute = ${value}`, `${where} attribute`, notes);
    notes.push(`${where} exposure ${JSON.stringify(value)} is not open|controlled|small (ignored)`);
  }
  return derived('unknown', 'no exposure attribute on the asset or its zone', 'none', notes);
}

/** The asset-side inputs, derived once per asset and shared by its findings. */
export interface AssetInputs {
  missionPrevalence: Derived<MissionPrevalence>;
  publicWellbeing: Derived<PublicWellbeing>;
  exposure: Derived<Exposure>;
}

export function assetInputs(asset: AssetContext): AssetInputs {
  return { missionPrevalence: deriveMissionPrevalence(asset), publicWellbeing: derivePublicWellbeing(asset), exposure: deriveExposure(asset) };
}
