/**
 * The "Sharing" panel of an asset, SBOM or finding: its TLP label, what the label means, and who
 * it is shared with. Accounts that may write label it, add recipients and withdraw shares; other
 * roles of the owning organisation read it; partners get the note of RecordTlp instead.
 */
import { Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useRemoveShare, useSharing } from '../api/sharingQueries';
import type { Share, ShareKind, SharingState } from '../api/sharingTypes';
import { useAuth } from '../auth/AuthContext';
import { ConfirmModal } from '../components/ConfirmModal';
import { BuildingIcon, PlusIcon, ShareIcon, UserIcon } from '../components/icons';
import { PanelTable, When, type PanelColumn } from '../components/PanelTable';
import { Section } from '../components/Section';
import { TlpBadge } from '../components/TlpBadge';
import { noRecipientsNote, removalNote, shareTargets, sharingWarnings, TLP_AUDIENCE, TLP_REACH } from '../lib/tlp';
import { AddRecipientModal, ChangeLabelModal, SharingWarnings } from './SharingDialogs';
import { KIND_NOUNS } from './RecordTlp';

const COLUMNS: PanelColumn[] = [
  { key: 'recipient', label: 'Recipient' },
  { key: 'shared', label: 'Shared', width: 96 },
  { key: 'actions', label: '', width: 84 },
];

function ShareRow({ share, onRemove }: { share: Share; onRemove?: (share: Share) => void }) {
  const { recipient } = share;
  return (
    <Table.Tr data-testid="share-row" data-share-id={share.id} data-recipient-kind={recipient.kind} data-recipient-id={recipient.id} data-recipient-name={recipient.name}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {recipient.kind === 'organisation' ? <BuildingIcon size={16} /> : <UserIcon size={16} />}
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} className="bw-clip" title={recipient.name} data-testid="share-recipient">
              {recipient.name}
            </Text>
            <Text size="xs" c="dimmed">
              {recipient.kind === 'organisation' ? 'organisation' : 'person, by name'}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td title={`Shared by ${share.createdBy}`}>
        <When iso={share.createdAt} />
        <Text size="xs" c="dimmed" className="bw-clip">
          by {share.createdBy}
        </Text>
      </Table.Td>
      {onRemove && (
        <Table.Td ta="right">
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRemove(share)} data-testid="share-remove">
            Remove
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function LabelSummary({ state, canWrite, onChangeLabel, onAdd }: { state: SharingState; canWrite: boolean; onChangeLabel: () => void; onAdd: () => void }) {
  const shareable = shareTargets(state.tlp).length > 0;
  return (
    <Stack gap={6} className="bw-section-body" data-testid="sharing-summary" data-tlp={state.tlp}>
      <Text size="sm" data-testid="sharing-audience">
        {TLP_AUDIENCE[state.tlp]}
      </Text>
      <Text size="xs" c="dimmed">
        {TLP_REACH[state.tlp]}
      </Text>
      <SharingWarnings warnings={sharingWarnings(state.tlp, state.shares)} />
      {canWrite ? (
        <Group gap="xs" mt={4}>
          <Button size="xs" variant="default" onClick={onChangeLabel} data-testid="sharing-change-label">
            Change label
          </Button>
          <Button
            size="xs"
            leftSection={<PlusIcon size={14} />}
            onClick={onAdd}
            disabled={!shareable}
            title={shareable ? undefined : 'TLP:CLEAR reaches everyone: there is no one to add'}
            data-testid="sharing-add-open"
          >
            Add recipient
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" data-testid="sharing-read-only">
          Accounts that may change records label and share them; your role reads it only.
        </Text>
      )}
    </Stack>
  );
}

function OwnSharing({ kind, id, canWrite }: { kind: ShareKind; id: string; canWrite: boolean }) {
  const account = useAuth();
  const sharing = useSharing(kind, id);
  const remove = useRemoveShare(kind, id);
  const [dialog, setDialog] = useState<'label' | 'recipient' | null>(null);
  const [removing, setRemoving] = useState<Share | null>(null);
  const state = sharing.data;
  const closeDialog = () => setDialog(null);
  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };
  const stillReaches = state && removing ? removalNote(state.tlp, removing.recipient.kind) : null;

  return (
    <Section title="Sharing" icon={<ShareIcon size={16} />} extra={<TlpBadge label={state?.tlp} testId="sharing-tlp" />} testId="sharing-section">
      {state ? (
        <LabelSummary state={state} canWrite={canWrite} onChangeLabel={() => setDialog('label')} onAdd={() => setDialog('recipient')} />
      ) : (
        !sharing.error && <Skeleton height={64} m="md" width="auto" />
      )}
      <PanelTable
        columns={canWrite ? COLUMNS : COLUMNS.slice(0, 2)}
        items={state?.shares}
        error={sharing.error}
        errorTitle="Could not load who it is shared with"
        onRetry={() => void sharing.refetch()}
        testId="share-table"
        minWidth={300}
        skeletonRows={2}
        compact
        empty={
          <Text size="sm" c="dimmed" px="md" pb="md" data-testid="share-empty">
            {state && noRecipientsNote(state.tlp, account.organisation?.name)}
          </Text>
        }
        renderRows={(rows) => rows.map((share) => <ShareRow key={share.id} share={share} onRemove={canWrite ? setRemoving : undefined} />)}
      />
      {canWrite && state && (
        <>
          {dialog === 'label' && <ChangeLabelModal onClose={closeDialog} kind={kind} id={id} state={state} />}
          {dialog === 'recipient' && <AddRecipientModal onClose={closeDialog} kind={kind} id={id} state={state} />}
          <ConfirmModal
            opened={removing !== null}
            title="Stop sharing?"
            confirmLabel="Stop sharing"
            loading={remove.isPending}
            error={remove.error}
            onClose={closeRemove}
            onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: closeRemove })}
            testId="share-remove-modal"
          >
            <b>{removing?.recipient.name}</b> stops receiving this {KIND_NOUNS[kind]} at once; what they have seen already cannot be taken
            back. {stillReaches}
          </ConfirmModal>
        </>
      )}
    </Section>
  );
}

/** The sharing panel for the owning organisation's accounts; nothing for partners (see SharedWithYouNote). */
export function SharingSection({ kind, id }: { kind: ShareKind; id: string }) {
  const account = useAuth();
  if (account.role === 'partner') return null;
  return <OwnSharing kind={kind} id={id} canWrite={account.can('write')} />;
}
