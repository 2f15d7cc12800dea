import { Alert, Button, Group, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../../api/authQueries';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { checkNewPassword, MIN_PASSWORD_LENGTH, newPasswordReady } from '../../auth/passwordPolicy';
import { CheckIcon, LockIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { EmptyView, ErrorAlert } from '../../components/states';

/** Change your own password: the current one, the new one twice. Other sessions end; this one continues. */
export function ChangePasswordPage() {
  const account = useAuth();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useChangePassword();
  const check = checkNewPassword(password, repeat, current || undefined);
  const ready = current.length > 0 && newPasswordReady(password, repeat, current);
  const wrongCurrent = change.error instanceof ApiError && change.error.code === 'invalid-credentials';
  const weak = change.error instanceof ApiError && change.error.code === 'weak-password' ? change.error.message : null;

  if (account.me.user?.signIn === 'oidc') {
    return (
      <EmptyView
        title="Your password is managed elsewhere"
        description="This account signs in through your organisation's identity provider; change the password there."
        icon={<LockIcon size={28} />}
        testId="password-oidc"
      />
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || change.isPending) return;
    change.mutate(
      { current, password },
      {
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setRepeat('');
        },
        onError: () => setCurrent(''),
      },
    );
  };

  return (
    <Stack gap="sm" maw={560} data-testid="password-page">
      <PageHeader title="Change password" subtitle={`For ${account.username}. Your other sessions are signed out; this one continues.`} />
      <Paper withBorder radius="md" p="lg" className="bw-panel">
        <form onSubmit={submit} noValidate data-testid="password-form">
          {/* Lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={account.username} readOnly hidden />
          <Stack gap="sm">
            <PasswordInput
              label="Current password"
              name="current-password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => {
                setCurrent(e.currentTarget.value);
                if (change.isError || change.isSuccess) change.reset();
              }}
              error={wrongCurrent ? 'The current password is wrong' : undefined}
              data-testid="password-current"
            />
            <PasswordInput
              label="New password"
              name="new-password"
              autoComplete="new-password"
              description={`At least ${MIN_PASSWORD_LENGTH} characters. A phrase of several words is easy to remember and hard to guess.`}
              required
              value={password}
              onChange={(e) => {
                setPassword(e.currentTarget.value);
                if (change.isSuccess) change.reset();
              }}
              error={check.password ?? weak ?? undefined}
              data-testid="password-new"
            />
            <PasswordInput
              label="Repeat the new password"
              name="repeat-password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={check.repeat ?? undefined}
              data-testid="password-repeat"
            />
            {change.isSuccess && (
              <Alert color="teal" variant="light" icon={<CheckIcon />} title="Password changed" data-testid="password-changed">
                Use the new password from now on. Your other sessions were signed out.
              </Alert>
            )}
            {change.error && !wrongCurrent && !weak && <ErrorAlert error={change.error} title="The password was not changed" />}
            <Group justify="flex-end">
              <Button type="submit" disabled={!ready} loading={change.isPending} leftSection={<LockIcon size={16} />} data-testid="password-submit">
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Text size="xs" c="dimmed">
        Forgot the current password? An administrator can set a new one for you.
      </Text>
    </Stack>
  );
}
