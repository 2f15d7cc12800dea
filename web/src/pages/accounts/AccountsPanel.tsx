import { ActionIcon, Badge, Button, Group, Menu, Paper, Progress, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useAccounts, useUpdateAccount } from '../../api/authQueries';
import type { Account, Organisation } from '../../api/authTypes';
import { useAuth } from '../../auth/AuthContext';
import { ROLE_COLORS } from '../../auth/roles';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DotsIcon, FilterOffIcon, KeyIcon, LockIcon, PlusIcon, UserIcon, UsersIcon } from '../../components/icons';
import { PanelTable, When, type PanelColumn } from '../../components/PanelTable';
import { SearchBox } from '../../components/SearchBox';
import { EmptyView } from '../../components/states';
import { formatDateTime } from '../../lib/format';
import { ChangeRoleModal, CreateAccountModal, ResetPasswordModal } from './AccountDialogs';
import { accountStatus, matchesAccount, type AccountStatus } from './accountStatus';

const COLUMNS: PanelColumn[] = [
  { key: 'account', label: 'Account' },
  { key: 'organisation', label: 'Organisation', width: '18%' },
  { key: 'role', label: 'Role', width: 100 },
  { key: 'signin', label: 'Sign-in', width: 90 },
  { key: 'status', label: 'Status', width: 120 },
  { key: 'last', label: 'Last sign-in', width: 130 },
  { key: 'actions', label: '', width: 56 },
];

const STATUS_COLORS: Record<AccountStatus, string> = { active: 'teal', locked: 'orange', disabled: 'gray' };

function StatusBadge({ account }: { account: Account }) {
  const status = accountStatus(account);
  const badge = (
    <Badge size="sm" radius="sm" variant={status === 'active' ? 'light' : 'outline'} color={STATUS_COLORS[status]} data-testid="account-status">
      {status}
    </Badge>
  );
  return status === 'locked' && account.lockedUntil ? (
    <Tooltip label={`Locked until ${formatDateTime(account.lockedUntil)} after failed sign-ins`} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

type Action = { kind: 'role' | 'password' | 'disable'; account: Account };

function AccountRow({ account, organisation, self, onAction }: { account: Account; organisation: string; self: boolean; onAction: (action: Action) => void }) {
  const update = useUpdateAccount();
  const status = accountStatus(account);
  return (
    <Table.Tr data-testid="account-row" data-username={account.username} data-role={account.role} data-status={status}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600} className="bw-clip" data-testid="account-username">
            {account.username}
          </Text>
          {self && (
            <Badge size="xs" variant="default" radius="sm">
              you
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" className="bw-clip">
          {[account.displayName, account.email].filter(Boolean).join(' · ') || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="bw-clip" title={organisation}>
          {organisation}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge size="sm" radius="sm" variant="light" color={ROLE_COLORS[account.role]} data-testid="account-role">
          {account.role}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {account.signIn === 'oidc' ? 'OpenID' : 'password'}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge account={account} />
      </Table.Td>
      <Table.Td>{account.lastLoginAt ? <When iso={account.lastLoginAt} /> : <Text size="xs" c="dimmed">never</Text>}</Table.Td>
      <Table.Td ta="right">
        <Menu position="bottom-end" withinPortal shadow="md" width={220}>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${account.username}`} loading={update.isPending} data-testid="account-actions">
              <DotsIcon size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<UserIcon size={16} />} disabled={self} onClick={() => onAction({ kind: 'role', account })} data-testid="account-action-role">
              Change role…
            </Menu.Item>
            {account.signIn === 'password' && (
              <Menu.Item leftSection={<KeyIcon size={16} />} onClick={() => onAction({ kind: 'password', account })} data-testid="account-action-password">
                Set a new password…
              </Menu.Item>
            )}
            {status === 'locked' && (
              <Menu.Item leftSection={<LockIcon size={16} />} onClick={() => update.mutate({ id: account.id, change: { unlock: true } })} data-testid="account-action-unlock">
                Unlock
              </Menu.Item>
            )}
            <Menu.Divider />
            {account.disabled ? (
              <Menu.Item onClick={() => update.mutate({ id: account.id, change: { disabled: false } })} data-testid="account-action-enable">
                Enable
              </Menu.Item>
            ) : (
              <Menu.Item color="red" disabled={self} onClick={() => onAction({ kind: 'disable', account })} data-testid="account-action-disable">
                Disable…
              </Menu.Item>
            )}
            {self && (
              <Text size="xs" c="dimmed" px="sm" py={4}>
                Another administrator changes your own role or disables you.
              </Text>
            )}
          </Menu.Dropdown>
        </Menu>
        {update.error && (
          <Text size="xs" c="red" data-testid="account-action-error">
            {update.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Accounts of the organisation (hosting administrators: of every organisation) and what to do with them. */
export function AccountsPanel({ organisations }: { organisations: Organisation[] }) {
  const me = useAuth();
  const accounts = useAccounts();
  const disable = useUpdateAccount();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const orgNames = new Map(organisations.map((o) => [o.id, o.name]));
  const items = accounts.data?.items.filter((a) => matchesAccount(a, search));
  const closeAction = () => {
    setAction(null);
    disable.reset();
  };

  return (
    <Paper withBorder radius="md" className="bw-panel">
      <Group justify="space-between" p="sm" className="bw-toolbar" wrap="wrap" gap="sm">
        <SearchBox value={search} onCommit={setSearch} label="Search accounts" placeholder="Search name or e-mail…" testId="account-search" />
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)} data-testid="account-create-open">
          New account
        </Button>
      </Group>
      <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={accounts.isFetching || undefined} />
      <PanelTable
        columns={COLUMNS}
        items={items}
        error={accounts.error}
        errorTitle="Could not load the accounts"
        onRetry={() => void accounts.refetch()}
        testId="accounts-table"
        empty={
          search ? (
            <EmptyView title="No account matches" icon={<FilterOffIcon size={28} />} action={<Button variant="light" onClick={() => setSearch('')}>Clear search</Button>} testId="accounts-empty" />
          ) : (
            <EmptyView title="No accounts" icon={<UsersIcon size={28} />} testId="accounts-empty" />
          )
        }
        renderRows={(rows) =>
          rows.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              organisation={orgNames.get(account.orgId) ?? account.orgId}
              self={account.id === me.me.user?.id}
              onAction={setAction}
            />
          ))
        }
      />
      <CreateAccountModal opened={creating} onClose={() => setCreating(false)} organisations={organisations} />
      <ChangeRoleModal target={action?.kind === 'role' ? action.account : null} onClose={closeAction} />
      <ResetPasswordModal target={action?.kind === 'password' ? action.account : null} onClose={closeAction} />
      <ConfirmModal
        opened={action?.kind === 'disable'}
        title={`Disable ${action?.account.username ?? ''}?`}
        confirmLabel="Disable account"
        loading={disable.isPending}
        error={disable.error}
        onClose={closeAction}
        onConfirm={() => action && disable.mutate({ id: action.account.id, change: { disabled: true } }, { onSuccess: closeAction })}
        testId="account-disable"
      >
        The account is signed out everywhere and can no longer sign in; its API tokens stop working. Its history and audit entries
        stay. You can enable it again later.
      </ConfirmModal>
    </Paper>
  );
}
