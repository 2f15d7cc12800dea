import { Alert, Button, Code, EmptyState, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { AlertIcon, LockIcon } from './icons';

/** A failed request, with what the server said and a way to try again. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert color="red" variant="light" title={title ?? 'Something went wrong'} icon={<AlertIcon />} data-testid="error-state">
      <Text size="sm">{message}</Text>
      {code && (
        <Text size="xs" c="dimmed" mt={4}>
          Error code <Code>{code}</Code>
        </Text>
      )}
      {onRetry && (
        <Button size="xs" variant="light" color="red" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

export function EmptyView({
  title,
  description,
  icon,
  action,
  testId,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <EmptyState
      py="xl"
      title={title}
      description={description}
      icon={icon}
      withIndicatorBackground
      data-testid={testId}
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}

/** A page the signed-in role may not use. */
export function ForbiddenView({ role, permission }: { role: string; permission: string }) {
  return (
    <EmptyView
      title="Not available for your role"
      description={`This page needs the ${permission} permission, which the ${role} role does not have. Ask an administrator if you need it.`}
      icon={<LockIcon size={28} />}
      testId="forbidden"
    />
  );
}
