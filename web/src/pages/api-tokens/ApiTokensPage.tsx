import { Badge, Button, Group, Paper, Progress, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useApiTokens, useRevokeApiToken } from '../../api/authQueries';
import type { ApiTokenRecord } from '../../api/authTypes';
import { useAuth } from '../../auth/AuthContext';
import { ROLE_COLORS } from '../../auth/roles';
import { ConfirmModal } from '../../components/ConfirmModal';
import { KeyIcon, PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { PanelTable, When, type PanelColumn } from '../../components/PanelTable';
import { EmptyView } from '../../components/states';
import { formatCount, formatDateTime } from '../../lib/format';
import { CreateTokenModal } from './CreateTokenModal';
import { sortTokens, tokenStatus, type TokenStatus } from './tokenStatus';

const STATUS_COLORS: Record<TokenStatus, string> = { active: 'teal', expired: 'orange', revoked: 'gray' };

function columns(withOwner: boolean): PanelColumn[] {
  return [
    { key: 'name', label: 'Name' },
    ...(withOwner ? [{ key: 'owner', label: 'Account', width: 140 }] : []),
    { key: 'prefix', label: 'Token', width: 140 },
    { key: 'role', label: 'Role', width: 100 },
    { key: 'created', label: 'Created', width: 120 },
    { key: 'expires', label: 'Expires', width: 120 },
    { key: 'used', label: 'Last used', width: 120 },
    { key: 'status', label: 'Status', width: 100 },
    { key: 'actions', label: '', width: 100 },
  ];
}

function TokenRow({ token, withOwner, onRevoke }: { token: ApiTokenRecord; withOwner: boolean; onRevoke: (token: ApiTokenRecord) => void }) {
  const status = tokenStatus(token);
  return (
    <Table.Tr data-testid="token-row" data-token-id={token.id} data-status={status}>
      <Table.Td>
        <Text size="sm" fw={600} className="bw-clip" title={token.name} data-testid="token-row-name">
          {token.name}
        </Text>
      </Table.Td>
      {withOwner && (
        <Table.Td>
          <Text size="sm" className="bw-clip">
            {token.username ?? token.userId}
          </Text>
        </Table.Td>
      )}
      <Table.Td>
        <Text size="xs" ff="monospace" data-testid="token-row-prefix">
          {token.prefix}…
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge size="sm" radius="sm" variant="light" color={ROLE_COLORS[token.role]}>
          {token.role}
        </Badge>
      </Table.Td>
      <Table.Td>
        <When iso={token.createdAt} />
      </Table.Td>
      <Table.Td>
        {token.expiresAt ? (
          <Text size="xs" c={status === 'expired' ? 'orange' : 'dimmed'} title={formatDateTime(token.expiresAt)}>
            {formatDateTime(token.expiresAt).slice(0, 10)}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            never
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <When iso={token.lastUsedAt} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={token.revokedAt ? `Revoked ${formatDateTime(token.revokedAt)}` : status} withArrow>
          <Badge size="sm" radius="sm" variant={status === 'active' ? 'light' : 'outline'} color={STATUS_COLORS[status]} data-testid="token-row-status">
            {status}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td ta="right">
        {status !== 'revoked' && (
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRevoke(token)} data-testid="token-revoke">
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The signed-in account's API tokens (administrators: every account's in the organisation). */
export function ApiTokensPage() {
  const account = useAuth();
  const [all, setAll] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenRecord | null>(null);
  const showAll = all && account.can('admin');
  const tokens = useApiTokens(showAll);
  const revoke = useRevokeApiToken();
  const items = tokens.data ? sortTokens(tokens.data.items) : undefined;
  const active = items?.filter((t) => tokenStatus(t) === 'active').length ?? 0;
  const cols = columns(showAll);

  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };

  return (
    <Stack gap="sm" data-testid="tokens-page">
      <PageHeader
        title="API tokens"
        subtitle={items ? `${formatCount(active)} active token${active === 1 ? '' : 's'}${showAll ? ' in the organisation' : ''}` : 'Loading…'}
        subtitleTestId="tokens-total"
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)} data-testid="token-create-open">
            New token
          </Button>
        }
      />
      <Paper withBorder radius="md" className="bw-panel">
        <Group justify="space-between" p="sm" className="bw-toolbar" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed">
            Tokens sign in the command line (<Text span ff="monospace" size="sm">bulwark login</Text>) and integrations. Revoke any
            you no longer use.
          </Text>
          {account.can('admin') && (
            <Switch label="Every account in the organisation" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} data-testid="tokens-all" />
          )}
        </Group>
        <Progress value={100} animated size={2} radius={0} className="bw-loading-bar" data-visible={tokens.isFetching || undefined} />
        <PanelTable
          columns={cols}
          items={items}
          error={tokens.error}
          errorTitle="Could not load the API tokens"
          onRetry={() => void tokens.refetch()}
          testId="tokens-table"
          empty={
            <EmptyView
              title="No API tokens yet"
              description="Create one for the command line or an integration. It is shown once, when you create it."
              icon={<KeyIcon size={28} />}
              action={<Button onClick={() => setCreating(true)}>New token</Button>}
              testId="tokens-empty"
            />
          }
          renderRows={(rows) => rows.map((token) => <TokenRow key={token.id} token={token} withOwner={showAll} onRevoke={setRevoking} />)}
        />
      </Paper>
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        loading={revoke.isPending}
        error={revoke.error}
        onClose={closeRevoke}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: closeRevoke })}
        testId="token-revoke-modal"
      >
        <b>{revoking?.name}</b> (<Text span ff="monospace" size="sm">{revoking?.prefix}…</Text>) stops working at once for everything that
        uses it. This cannot be undone; create a new token if you need one again.
      </ConfirmModal>
    </Stack>
  );
}
