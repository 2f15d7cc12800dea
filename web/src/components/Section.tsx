import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled panel of a detail page. */
export function Section({
  title,
  icon,
  extra,
  children,
  testId,
}: {
  title: string;
  icon?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" className="bw-panel" data-testid={testId}>
      <Group justify="space-between" px="md" py="sm" className="bw-section-head">
        <Group gap={8}>
          {icon}
          <Text fw={600}>{title}</Text>
        </Group>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}
