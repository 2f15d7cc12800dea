import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The title row of a page: its name, a line of context under it, and the page's actions on the right. */
export function PageHeader({ title, subtitle, actions, subtitleTestId, subtitleData }: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  subtitleTestId?: string;
  /** Extra data-* attributes on the subtitle (e.g. a total for tests). */
  subtitleData?: Record<`data-${string}`, string | undefined>;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
      <div>
        <Title order={2} size="h3">
          {title}
        </Title>
        {subtitle !== undefined && (
          <Text size="sm" c="dimmed" data-testid={subtitleTestId} {...subtitleData}>
            {subtitle}
          </Text>
        )}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
