import { ActionIcon, Code, Group, Text, Tooltip } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { CheckIcon, CopyIcon } from './icons';

/** A value to copy (a token, an anchor): shown whole and selectable, with a copy button that says when it worked. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId: string }) {
  const clipboard = useClipboard({ timeout: 2000 });
  return (
    <div>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block className="bw-secret" style={{ flex: 1 }} data-testid={testId}>
          {value}
        </Code>
        <Tooltip label={clipboard.copied ? 'Copied' : `Copy ${label}`} withArrow>
          <ActionIcon
            variant={clipboard.copied ? 'filled' : 'default'}
            color={clipboard.copied ? 'teal' : undefined}
            size="lg"
            onClick={() => clipboard.copy(value)}
            aria-label={`Copy ${label}`}
            data-testid={`${testId}-copy`}
            data-copied={clipboard.copied || undefined}
          >
            {clipboard.copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
          </ActionIcon>
        </Tooltip>
      </Group>
      {clipboard.error && (
        <Text size="xs" c="orange" mt={4}>
          The browser did not allow copying; select the text and copy it by hand.
        </Text>
      )}
    </div>
  );
}
