import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useHealth } from '../api/queries';

/** Server version and database back end, or a red marker when the API cannot be reached. */
export function HealthIndicator() {
  const { data, error, isPending } = useHealth();
  if (isPending) {
    return (
      <Text size="xs" c="dimmed" data-testid="health">
        connecting…
      </Text>
    );
  }
  if (error || data.status !== 'ok') {
    return (
      <Tooltip label={error ? error.message : `status: ${data.status}`} withArrow>
        <Badge color="red" variant="light" data-testid="health" data-status="down">
          API unreachable
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label="API healthy" withArrow>
      <Group gap={6} wrap="nowrap" data-testid="health" data-status="ok">
        <span className="bw-dot bw-dot-live" />
        <Text size="xs" c="dimmed" ff="monospace">
          v{data.version}
        </Text>
        <Badge variant="default" size="sm" radius="sm" tt="none" data-testid="health-db">
          {data.database}
        </Badge>
      </Group>
    </Tooltip>
  );
}
