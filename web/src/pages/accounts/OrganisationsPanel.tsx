import { Badge, Button, Group, Paper, Select, Switch, Table, Text, TextInput } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useCreateOrganisation } from '../../api/authQueries';
import type { Account, Organisation, OrganisationKind } from '../../api/authTypes';
import { HOSTING_ORG_ID, ORGANISATION_KINDS } from '../../api/authTypes';
import { useAuth } from '../../auth/AuthContext';
import { FormModal } from '../../components/FormModal';
import { BuildingIcon, PlusIcon } from '../../components/icons';
import { PanelTable, When, type PanelColumn } from '../../components/PanelTable';
import { EmptyView } from '../../components/states';

const COLUMNS: PanelColumn[] = [
  { key: 'name', label: 'Name' },
  { key: 'kind', label: 'Kind', width: 110 },
  { key: 'community', label: 'Community', width: 110 },
  { key: 'client', label: 'Client of', width: '20%' },
  { key: 'accounts', label: 'Accounts', width: 100 },
  { key: 'created', label: 'Created', width: 130 },
];

const KIND_LABELS: Record<OrganisationKind, string> = { operator: 'Operator', csirt: 'CSIRT', partner: 'Partner' };

function CreateOrganisationModal({ opened, onClose, organisations }: { opened: boolean; onClose: () => void; organisations: Organisation[] }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('operator');
  const [community, setCommunity] = useState(true);
  const [clientOf, setClientOf] = useState<string | null>(null);
  const create = useCreateOrganisation();
  const { reset } = create;
  useEffect(() => {
    if (opened) {
      setName('');
      setKind('operator');
      setCommunity(true);
      setClientOf(null);
      reset();
    }
  }, [opened, reset]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New organisation"
      submitLabel="Create organisation"
      ready={name.trim().length > 0}
      pending={create.isPending}
      error={create.error}
      errorTitle="The organisation was not created"
      testId="organisation-create"
      size="md"
      onSubmit={() => create.mutate({ name: name.trim(), kind, community, clientOf }, { onSuccess: onClose })}
    >
      <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus data-testid="organisation-create-name" />
      <Select
        label="Kind"
        data={ORGANISATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        value={kind}
        onChange={(v) => v && setKind(v as OrganisationKind)}
        allowDeselect={false}
      />
      <Switch
        label="Member of the trust community"
        description="Receives what is shared under TLP:GREEN"
        checked={community}
        onChange={(e) => setCommunity(e.currentTarget.checked)}
      />
      <Select
        label="Client of"
        description="Receives that organisation's TLP:AMBER"
        placeholder="None"
        data={organisations.map((o) => ({ value: o.id, label: o.name }))}
        value={clientOf}
        onChange={setClientOf}
        clearable
      />
    </FormModal>
  );
}

/** The organisations (tenants): hosting administrators see and create all; others see their own. */
export function OrganisationsPanel({ organisations, accounts }: { organisations: UseQueryResult<{ items: Organisation[] }>; accounts: Account[] | undefined }) {
  const me = useAuth();
  const [creating, setCreating] = useState(false);
  const items = organisations.data?.items;
  const names = new Map(items?.map((o) => [o.id, o.name]));
  const counts = new Map<string, number>();
  for (const a of accounts ?? []) counts.set(a.orgId, (counts.get(a.orgId) ?? 0) + 1);
  return (
    <Paper withBorder radius="md" className="bw-panel">
      <Group justify="space-between" p="sm" className="bw-toolbar" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed">
          Every record belongs to one organisation; accounts see only their own organisation's records and what is shared with it.
        </Text>
        {me.isHostAdmin && (
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)} data-testid="organisation-create-open">
            New organisation
          </Button>
        )}
      </Group>
      <PanelTable
        columns={COLUMNS}
        items={items}
        error={organisations.error}
        errorTitle="Could not load the organisations"
        onRetry={() => void organisations.refetch()}
        testId="organisations-table"
        minWidth={760}
        empty={<EmptyView title="No organisations" icon={<BuildingIcon size={28} />} />}
        renderRows={(rows) =>
          rows.map((o) => (
            <Table.Tr key={o.id} data-testid="organisation-row" data-name={o.name}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={600} className="bw-clip">
                    {o.name}
                  </Text>
                  {o.id === HOSTING_ORG_ID && (
                    <Badge size="xs" radius="sm" variant="default">
                      hosting
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" radius="sm" variant="light" color={o.kind === 'csirt' ? 'indigo' : o.kind === 'partner' ? 'gray' : 'blue'}>
                  {KIND_LABELS[o.kind] ?? o.kind}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{o.community ? 'yes' : 'no'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="bw-clip">
                  {o.clientOf ? (names.get(o.clientOf) ?? o.clientOf) : '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{accounts ? (counts.get(o.id) ?? 0) : '…'}</Text>
              </Table.Td>
              <Table.Td>
                <When iso={o.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))
        }
      />
      {items && <CreateOrganisationModal opened={creating} onClose={() => setCreating(false)} organisations={items} />}
    </Paper>
  );
}
