import { Badge, Tooltip } from '@mantine/core';
import type { MantineColor } from '@mantine/core';
import type { Criticality, PurdueLevel, SourceKind } from '../api/types';
import { purdueLabel } from '../lib/format';

const KIND_COLORS: Record<string, MantineColor> = {
  plc: 'indigo',
  rtu: 'violet',
  hmi: 'cyan',
  ews: 'grape',
  historian: 'teal',
  server: 'blue',
  workstation: 'gray',
  ied: 'lime',
  sis: 'red',
  network: 'orange',
  gateway: 'yellow',
  drive: 'pink',
  sensor: 'green',
  other: 'gray',
};

const KIND_NAMES: Record<string, string> = {
  plc: 'Programmable logic controller',
  rtu: 'Remote terminal unit',
  hmi: 'Human-machine interface',
  ews: 'Engineering workstation',
  historian: 'Process historian',
  server: 'Server',
  workstation: 'Workstation',
  ied: 'Intelligent electronic device',
  sis: 'Safety instrumented system',
  network: 'Network device',
  gateway: 'Protocol gateway',
  drive: 'Drive',
  sensor: 'Sensor / field device',
  other: 'Other',
};

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? kind;
}

export function KindBadge({ kind }: { kind: string }) {
  return (
    <Tooltip label={kindName(kind)} openDelay={400} withArrow>
      <Badge variant="light" color={KIND_COLORS[kind] ?? 'gray'} radius="sm" size="sm" tt="uppercase" data-testid="kind-badge">
        {kind}
      </Badge>
    </Tooltip>
  );
}

export const CRITICALITY_COLORS: Record<Criticality, MantineColor> = {
  low: 'teal',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export function CriticalityBadge({ criticality }: { criticality: Criticality | string | null }) {
  if (!criticality) return null;
  const color = CRITICALITY_COLORS[criticality as Criticality] ?? 'gray';
  return (
    <Badge
      variant={criticality === 'critical' ? 'filled' : 'light'}
      color={color}
      radius="sm"
      size="sm"
      leftSection={
        criticality === 'critical' ? undefined : (
          <span className="bw-dot" style={{ background: `var(--mantine-color-${color}-6)` }} />
        )
      }
      data-testid="criticality-badge"
    >
      {criticality}
    </Badge>
  );
}

const SOURCE_COLORS: Record<SourceKind, MantineColor> = {
  import: 'blue',
  manual: 'violet',
  sbom: 'teal',
  discovery: 'orange',
  collector: 'cyan',
  demo: 'gray',
};

export function SourceKindBadge({ sourceKind }: { sourceKind: SourceKind | string }) {
  return (
    <Badge variant="dot" color={SOURCE_COLORS[sourceKind as SourceKind] ?? 'gray'} radius="sm" size="sm" data-testid="source-kind">
      {sourceKind}
    </Badge>
  );
}

export function PurdueBadge({ level }: { level: PurdueLevel | string | null | undefined }) {
  const label = purdueLabel(level);
  if (!label) return null;
  return (
    <Tooltip label={level === 'dmz' ? 'Industrial DMZ (level 3.5)' : `Purdue level ${level}`} openDelay={400} withArrow>
      <Badge variant="outline" color="gray" radius="sm" size="xs" data-testid="purdue-badge">
        {label}
      </Badge>
    </Tooltip>
  );
}
