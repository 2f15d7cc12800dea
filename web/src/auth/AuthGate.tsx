import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, type ReactNode } from 'react';
import { markSignedOut, useMe } from '../api/authQueries';
import { onUnauthenticated } from '../api/client';
import { ErrorAlert } from '../components/states';
import { AuthContext, currentAccount } from './AuthContext';
import { SignInPage } from './SignInPage';

/**
 * Shows the app only to a signed-in account. Asks the server who is signed in; shows the sign-in
 * page while nobody is, and again as soon as any request finds the session gone.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useMe();
  useEffect(() => onUnauthenticated(() => markSignedOut(queryClient)), [queryClient]);
  const account = useMemo(() => (me.data ? currentAccount(me.data) : null), [me.data]);

  if (me.isPending) {
    return (
      <Center h="100dvh" data-testid="auth-loading">
        <Stack align="center" gap="xs">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Connecting…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (me.error && !me.data) {
    return (
      <Center h="100dvh" px="md">
        <Box maw={480} w="100%">
          <ErrorAlert error={me.error} title="Cannot reach the Bulwark server" onRetry={() => void me.refetch()} />
        </Box>
      </Center>
    );
  }
  if (!account) return <SignInPage />;
  return <AuthContext.Provider value={account}>{children}</AuthContext.Provider>;
}
