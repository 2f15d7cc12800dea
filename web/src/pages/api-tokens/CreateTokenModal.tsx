import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useCreateApiToken } from '../../api/authQueries';
import type { Role } from '../../api/authTypes';
import { useAuth } from '../../auth/AuthContext';
import { roleOptions, rolesWithin } from '../../auth/roles';
import { CopyField } from '../../components/CopyField';
import { AlertIcon, KeyIcon } from '../../components/icons';
import { ErrorAlert } from '../../components/states';
import { formatDateTime } from '../../lib/format';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 366;

/** Creates a token and shows its secret this once; closing the dialog forgets it for good. */
export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const account = useAuth();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(account.role);
  const [days, setDays] = useState<number | string>(DEFAULT_DAYS);
  const create = useCreateApiToken();
  const { reset } = create;
  const created = create.data;

  useEffect(() => {
    if (opened) {
      setName('');
      setRole(account.role);
      setDays(DEFAULT_DAYS);
      reset();
    }
  }, [opened, reset, account.role]);

  const close = () => {
    reset(); // the secret leaves memory with the dialog
    onClose();
  };
  const daysValid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_DAYS;
  const ready = name.trim().length > 0 && daysValid;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || create.isPending) return;
    create.mutate({ name: name.trim(), role, expiresInDays: days as number });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={700} size="lg">{created ? 'Your new API token' : 'New API token'}</Text>}
      size="lg"
      closeOnClickOutside={!created}
      data-testid="token-create-modal"
    >
      {created ? (
        <Stack gap="md" data-testid="token-created">
          <Alert color="yellow" variant="light" icon={<AlertIcon />} title="Copy it now: it is shown only this once" data-testid="token-once-warning">
            Bulwark keeps only a hash of the token and cannot show it again. Anyone who has it can act as{' '}
            <b>{account.username}</b> with the <b>{created.role}</b> role until it expires or you revoke it. Store it in a secret
            manager, never in code or tickets.
          </Alert>
          <CopyField value={created.token} label="token" testId="token-secret" />
          <Text size="sm" c="dimmed">
            <b>{created.name}</b> · expires {created.expiresAt ? formatDateTime(created.expiresAt) : 'never'}. Use it as{' '}
            <Text span ff="monospace" size="sm">
              Authorization: Bearer {created.prefix}…
            </Text>{' '}
            or with <Text span ff="monospace" size="sm">bulwark login</Text>.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close} data-testid="token-done">
              I have copied it
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              For the command line against this server and for integrations. A token acts as you, with the role you choose here
              (never more than yours), until it expires or is revoked.
            </Text>
            <TextInput
              label="Name"
              description="What uses it, so you know which one to revoke"
              placeholder="e.g. SIEM export, CI pipeline"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              data-autofocus
              data-testid="token-name"
            />
            <Group grow align="flex-start">
              <Select
                label="Role"
                data={roleOptions(rolesWithin(account.role))}
                value={role}
                onChange={(value) => value && setRole(value as Role)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                data-testid="token-role"
              />
              <NumberInput
                label="Expires after (days)"
                min={1}
                max={MAX_DAYS}
                clampBehavior="strict"
                allowDecimal={false}
                value={days}
                onChange={setDays}
                error={daysValid ? undefined : `1–${MAX_DAYS} days`}
                data-testid="token-days"
              />
            </Group>
            {create.error && <ErrorAlert error={create.error} title="The token was not created" />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" leftSection={<KeyIcon size={16} />} disabled={!ready} loading={create.isPending} data-testid="token-create-submit">
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
