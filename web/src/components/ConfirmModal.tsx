import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormModal } from './FormModal';

/** Asks before an action that cannot be undone from here (revoking a token, disabling an account). */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  loading,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
  testId: string;
}) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={title}
      submitLabel={confirmLabel}
      onSubmit={onConfirm}
      pending={loading}
      error={error}
      errorTitle={`${confirmLabel} failed`}
      color={color}
      size="md"
      centered
      testId={testId}
      submitSuffix="confirm"
    >
      <Text size="sm" component="div">
        {children}
      </Text>
    </FormModal>
  );
}
