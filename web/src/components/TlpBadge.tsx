import { Badge, Tooltip, type MantineSize } from '@mantine/core';
import { parseTlp, TLP_AUDIENCE, tlpStyle } from '../lib/tlp';

/**
 * A TLP label as FIRST TLP 2.0 draws it: `TLP:` and the label in its colour on black. A TLP 2.0
 * label says on hover what its recipients may do with the record.
 */
export function TlpBadge({ label, size = 'sm', testId = 'tlp-badge' }: { label: string | null | undefined; size?: MantineSize; testId?: string }) {
  const style = tlpStyle(label);
  if (!style) return null;
  const tlp = label ? parseTlp(label) : null;
  const badge = (
    <Badge
      radius="sm"
      size={size}
      tt="none"
      styles={{ root: { background: style.background, color: style.color, fontFamily: 'var(--mantine-font-family-monospace)' } }}
      data-testid={testId}
      data-tlp={tlp ?? undefined}
    >
      {style.label}
    </Badge>
  );
  if (!tlp) return badge;
  return (
    <Tooltip label={TLP_AUDIENCE[tlp]} multiline maw={320} openDelay={300} withArrow>
      {badge}
    </Tooltip>
  );
}
