import { Alert, Box, Button, Divider, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiGet } from '../api/client';
import { useSignIn } from '../api/authQueries';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle';
import { Brand } from '../components/Brand';
import { AlertIcon, LockIcon } from '../components/icons';
import { describeSignInError } from './signInError';

/** The full-screen sign-in shown while nobody is signed in; the page the user asked for opens after it. */
export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const passwordRef = useRef<HTMLInputElement>(null);
  const signIn = useSignIn();
  // Single sign-on is offered when the server has an identity provider configured.
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: ({ signal }) => apiGet<{ oidc: { enabled: boolean; label?: string; startUrl?: string } }>('/api/auth/config', signal),
    staleTime: Infinity,
  });
  const sso = config.data?.oidc.enabled ? config.data.oidc : null;
  const problem = signIn.error ? describeSignInError(signIn.error) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!username.trim() || !password || signIn.isPending) return;
    signIn.mutate(
      { username: username.trim(), password },
      {
        onError: () => {
          // The password is never kept around after a refusal; the name stays for the next try.
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  };

  return (
    <Box className="bw-signin" data-testid="sign-in-page">
      <Box className="bw-signin-corner">
        <ColorSchemeToggle />
      </Box>
      <Stack gap="lg" w="100%" maw={400} px="md">
        <Group justify="center">
          <Brand size="lg" />
        </Group>
        <Paper withBorder shadow="md" radius="lg" p="xl" className="bw-signin-card">
          <form onSubmit={submit} method="post" noValidate aria-labelledby="sign-in-title" data-testid="sign-in-form">
            <Stack gap="md">
              <div>
                <Title order={1} size="h3" id="sign-in-title">
                  Sign in
                </Title>
                <Text size="sm" c="dimmed">
                  to the OT security workspace of your organisation
                </Text>
              </div>
              <TextInput
                label="Username"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                data-testid="sign-in-username"
              />
              <TextInput
                ref={passwordRef}
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="sign-in-password"
              />
              {problem && (
                <Alert
                  color={problem.kind === 'locked' || problem.kind === 'limited' ? 'orange' : 'red'}
                  variant="light"
                  title={problem.title}
                  icon={problem.kind === 'locked' ? <LockIcon /> : <AlertIcon />}
                  role="alert"
                  data-testid="sign-in-error"
                  data-kind={problem.kind}
                  data-retry-at={problem.retryAt?.toISOString()}
                >
                  {problem.message}
                </Alert>
              )}
              <Button type="submit" fullWidth size="md" loading={signIn.isPending} disabled={!username.trim() || !password} data-testid="sign-in-submit">
                Sign in
              </Button>
              {sso?.startUrl && (
                <>
                  <Divider label="or" labelPosition="center" />
                  <Button component="a" href={sso.startUrl} variant="default" fullWidth size="md" data-testid="sign-in-sso">
                    {sso.label ?? 'Sign in with single sign-on'}
                  </Button>
                </>
              )}
            </Stack>
          </form>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          First start? The server printed the password of the <Text span ff="monospace" size="xs">admin</Text> account in its
          terminal, or took it from <Text span ff="monospace" size="xs">BULWARK_ADMIN_PASSWORD</Text>.
        </Text>
      </Stack>
    </Box>
  );
}
