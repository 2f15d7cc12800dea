import { Alert, Button, Group, PasswordInput, Select, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useCreateAccount, useResetPassword, useUpdateAccount } from '../../api/authQueries';
import type { Account, Organisation, Role } from '../../api/authTypes';
import { ROLES } from '../../api/authTypes';
import { useAuth } from '../../auth/AuthContext';
import { generatePassword } from '../../auth/generatePassword';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../auth/passwordPolicy';
import { ROLE_DESCRIPTIONS } from '../../auth/roles';
import { FormModal } from '../../components/FormModal';
import { CheckIcon } from '../../components/icons';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const ROLE_DATA = ROLES.map((role) => ({ value: role, label: `${role} — ${ROLE_DESCRIPTIONS[role]}` }));

/** A new password typed or generated; generated ones are shown so they can be handed over. */
function NewPasswordField({ value, onChange, testId }: { value: string; onChange: (value: string) => void; testId: string }) {
  const [visible, setVisible] = useState(false);
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <PasswordInput
        label="Password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters; hand it over in person or by a second channel`}
        autoComplete="new-password"
        required
        value={value}
        visible={visible}
        onVisibilityChange={setVisible}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={value ? passwordProblem(value) : undefined}
        style={{ flex: 1 }}
        data-testid={testId}
      />
      <Button
        variant="default"
        onClick={() => {
          onChange(generatePassword());
          setVisible(true);
        }}
        data-testid={`${testId}-generate`}
      >
        Generate
      </Button>
    </Group>
  );
}

export function CreateAccountModal({ opened, onClose, organisations }: { opened: boolean; onClose: () => void; organisations: Organisation[] }) {
  const account = useAuth();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [orgId, setOrgId] = useState<string>(account.organisation?.id ?? '');
  const [password, setPassword] = useState('');
  const create = useCreateAccount();
  const { reset } = create;

  useEffect(() => {
    if (opened) {
      setUsername('');
      setDisplayName('');
      setEmail('');
      setRole('analyst');
      setOrgId(account.organisation?.id ?? '');
      setPassword('');
      reset();
    }
  }, [opened, reset, account.organisation?.id]);

  const usernameError = username && !USERNAME.test(username) ? 'Letters, digits and . _ @ - only, starting with a letter or digit' : null;
  const ready = USERNAME.test(username) && passwordProblem(password) === null && Boolean(orgId);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New account"
      submitLabel="Create account"
      ready={ready}
      pending={create.isPending}
      error={create.error}
      errorTitle="The account was not created"
      testId="account-create"
      onSubmit={() =>
        create.mutate(
          {
            username,
            role,
            password,
            ...(account.isHostAdmin && orgId !== account.organisation?.id ? { orgId } : {}),
            ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
            ...(email.trim() ? { email: email.trim() } : {}),
          },
          { onSuccess: onClose },
        )
      }
    >
      <Group grow align="flex-start">
        <TextInput
          label="Username"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value.trim())}
          error={usernameError}
          data-autofocus
          data-testid="account-create-username"
        />
        <TextInput label="Display name" value={displayName} maxLength={200} onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="account-create-display-name" />
      </Group>
      <TextInput label="E-mail" type="email" autoComplete="off" value={email} maxLength={320} onChange={(e) => setEmail(e.currentTarget.value)} />
      <Group grow align="flex-start">
        <Select
          label="Role"
          data={ROLE_DATA}
          value={role}
          onChange={(value) => value && setRole(value as Role)}
          allowDeselect={false}
          data-testid="account-create-role"
        />
        {account.isHostAdmin ? (
          <Select
            label="Organisation"
            data={organisations.map((o) => ({ value: o.id, label: o.name }))}
            value={orgId}
            onChange={(value) => value && setOrgId(value)}
            allowDeselect={false}
            searchable
            data-testid="account-create-organisation"
          />
        ) : (
          <TextInput label="Organisation" value={account.organisation?.name ?? ''} readOnly />
        )}
      </Group>
      <NewPasswordField value={password} onChange={setPassword} testId="account-create-password" />
    </FormModal>
  );
}

export function ChangeRoleModal({ target, onClose }: { target: Account | null; onClose: () => void }) {
  const [role, setRole] = useState<Role>('analyst');
  const update = useUpdateAccount();
  const { reset } = update;
  useEffect(() => {
    if (target) {
      setRole(target.role);
      reset();
    }
  }, [target, reset]);
  return (
    <FormModal
      opened={target !== null}
      onClose={onClose}
      title={`Role of ${target?.username ?? ''}`}
      submitLabel="Change role"
      ready={target !== null && role !== target.role}
      pending={update.isPending}
      error={update.error}
      errorTitle="The role was not changed"
      testId="account-role"
      onSubmit={() => target && update.mutate({ id: target.id, change: { role } }, { onSuccess: onClose })}
    >
      <Select label="Role" data={ROLE_DATA} value={role} onChange={(value) => value && setRole(value as Role)} allowDeselect={false} data-testid="account-role-select" />
      <Text size="sm" c="dimmed">
        The account's sessions end with the change: it signs in again with the new role. Its API tokens never grant more than the
        new role.
      </Text>
    </FormModal>
  );
}

export function ResetPasswordModal({ target, onClose }: { target: Account | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const reset = useResetPassword();
  const { reset: resetMutation } = reset;
  useEffect(() => {
    if (target) {
      setPassword('');
      resetMutation();
    }
  }, [target, resetMutation]);
  return (
    <FormModal
      opened={target !== null}
      onClose={onClose}
      title={`New password for ${target?.username ?? ''}`}
      submitLabel="Set password"
      ready={passwordProblem(password) === null && !reset.isSuccess}
      pending={reset.isPending}
      error={reset.error}
      errorTitle="The password was not set"
      testId="account-password"
      onSubmit={() => target && reset.mutate({ id: target.id, password })}
    >
      <NewPasswordField value={password} onChange={setPassword} testId="account-password-input" />
      {reset.isSuccess ? (
        <Alert color="teal" variant="light" icon={<CheckIcon />} title="Password set" data-testid="account-password-done">
          The account's sessions were ended and any lock cleared. Hand the password over; the person should change it after signing in.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Signs the account out everywhere and clears a lock from failed sign-ins.
        </Text>
      )}
    </FormModal>
  );
}
