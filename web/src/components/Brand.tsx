import { Group, Text } from '@mantine/core';
import { ShieldIcon } from './icons';

/** The Bulwark mark and name: in the header, and larger on the sign-in page. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={large ? 10 : 8} wrap="nowrap">
      <span className={large ? 'bw-logo bw-logo-lg' : 'bw-logo'}>
        <ShieldIcon size={large ? 24 : 18} strokeWidth={2.2} />
      </span>
      <Text fw={700} size={large ? 'xl' : 'lg'} lh={1} className="bw-brand">
        Bulwark
      </Text>
    </Group>
  );
}
