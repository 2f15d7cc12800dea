import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from './states';

/**
 * A modal with a form: title, fields, the error of the last try, Cancel and the submit button
 * (test ids `<testId>-cancel` and `<testId>-<submitSuffix>`).
 */
export function FormModal({
  opened,
  onClose,
  title,
  onSubmit,
  submitLabel,
  ready = true,
  pending,
  error,
  errorTitle,
  testId,
  children,
  size = 'lg',
  color,
  centered,
  submitSuffix = 'submit',
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  submitLabel: string;
  ready?: boolean;
  pending?: boolean;
  error: unknown;
  errorTitle: string;
  testId: string;
  children: ReactNode;
  size?: string;
  /** The submit button's colour (red for what cannot be undone). */
  color?: string;
  centered?: boolean;
  submitSuffix?: string;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !pending) onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700} size="lg">{title}</Text>} size={size} centered={centered} data-testid={testId}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {children}
          {error ? <ErrorAlert error={error} title={errorTitle} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-testid={`${testId}-cancel`}>
              Cancel
            </Button>
            <Button type="submit" color={color} disabled={!ready} loading={pending} data-testid={`${testId}-${submitSuffix}`}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
