/** Choosing a record's TLP label, and naming a recipient (an organisation, or a person by name). */
import { Alert, Group, Radio, SegmentedControl, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useAddShare, useOrganisationPeople, useSetTlp, useShareDirectory } from '../api/sharingQueries';
import type { ShareKind, SharingState } from '../api/sharingTypes';
import { useAuth } from '../auth/AuthContext';
import { FormModal } from '../components/FormModal';
import { ErrorAlert } from '../components/states';
import { TlpBadge } from '../components/TlpBadge';
import {
  candidateOrganisations, candidatePeople, declaredClientsNote, isTlp, labelChangeWarnings, shareTargets, TLP_AUDIENCE, TLP_LABELS, TLP_REACH,
  type OrganisationEntry, type ShareTarget, type Tlp,
} from '../lib/tlp';
import { KIND_NOUNS } from './RecordTlp';

/**
 * The dialogs are mounted while open (and start afresh each time): a refetch of the record while
 * one is open, after a refusal say, must not reset what is being typed or the answer shown.
 */
interface RecordDialogProps {
  onClose: () => void;
  kind: ShareKind;
  id: string;
  state: SharingState;
}

/** Warnings about a label, set or about to be set. */
export function SharingWarnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <>
      {warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light" p="xs" data-testid="sharing-warning">
          <Text size="xs">{warning}</Text>
        </Alert>
      ))}
    </>
  );
}

export function ChangeLabelModal({ onClose, kind, id, state }: RecordDialogProps) {
  const account = useAuth();
  const [label, setLabel] = useState<Tlp>(state.tlp);
  const change = useSetTlp(kind, id);
  return (
    <FormModal
      opened
      onClose={onClose}
      title="TLP label"
      submitLabel="Save label"
      ready={label !== state.tlp}
      pending={change.isPending}
      error={change.error}
      errorTitle="The label was not changed"
      testId="tlp-change"
      onSubmit={() => change.mutate(label, { onSuccess: onClose })}
    >
      <Text size="sm" c="dimmed">
        The label tells who beyond {account.organisation?.name ?? 'your organisation'} may receive this {KIND_NOUNS[kind]}, and what they may do with it
        (TLP 2.0). Inside your organisation it limits nothing.
      </Text>
      <Radio.Group value={label} onChange={(value) => isTlp(value) && setLabel(value)} name="tlp" aria-label="TLP label">
        <Stack gap="xs">
          {TLP_LABELS.map((option) => (
            <Radio.Card key={option} value={option} radius="md" p="sm" data-testid="tlp-option" data-tlp={option}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <div>
                  <Group gap={6}>
                    <TlpBadge label={option} testId="tlp-option-badge" />
                    {option === state.tlp && (
                      <Text size="xs" c="dimmed">
                        current
                      </Text>
                    )}
                  </Group>
                  <Text size="sm" mt={4}>
                    {TLP_AUDIENCE[option]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {TLP_REACH[option]}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </Stack>
      </Radio.Group>
      {label !== state.tlp && <SharingWarnings warnings={labelChangeWarnings(label, state.shares)} />}
    </FormModal>
  );
}

/** A list to choose from, or why there is nothing to choose. */
function RecipientChoice({
  loading,
  error,
  none,
  children,
}: {
  loading: boolean;
  error: unknown;
  /** Why nothing can be chosen, or null when there is a choice. */
  none: string | null;
  children: ReactNode;
}) {
  if (error) return <ErrorAlert error={error} title="Could not load the recipients to choose from" />;
  if (loading) return <Skeleton height={56} />;
  if (none) {
    return (
      <Alert color="gray" variant="light" p="sm" data-testid="share-no-choice">
        <Text size="sm">{none}</Text>
      </Alert>
    );
  }
  return <>{children}</>;
}

/** Why no organisation can be chosen: there is none besides one's own, or the record reaches each already. */
function noOrganisationReason(hostAdmin: boolean, directory: readonly OrganisationEntry[]): string {
  if (directory.length > 0) return 'It is shared with every other organisation already.';
  return hostAdmin
    ? 'There is no other organisation yet: create one under Accounts → Organisations.'
    : 'There is no other organisation on this installation to share it with.';
}

const TARGET_LABELS: Record<ShareTarget, string> = { organisation: 'Organisation', person: 'Person' };

/**
 * Naming a recipient. Every writer chooses from the sharing directory — the other organisations,
 * and the people of one (for TLP:RED, shared with people by name) — whatever its organisation;
 * the administrators' lists of organisations and accounts are not needed.
 */
export function AddRecipientModal({ onClose, kind, id, state }: RecordDialogProps) {
  const account = useAuth();
  const ownOrgId = account.organisation?.id;
  const shown = shareTargets(state.tlp);
  const directory = useShareDirectory();
  const add = useAddShare(kind, id);
  const [chosenTarget, setTarget] = useState<ShareTarget | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  /** The organisation whose people are listed when naming a person. */
  const [peopleOrgId, setPeopleOrgId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  // The label may change while the dialog is open (a refusal reads the record again).
  const target = chosenTarget && shown.includes(chosenTarget) ? chosenTarget : (shown[0] ?? 'organisation');
  const people = useOrganisationPeople(target === 'person' ? peopleOrgId : null);

  const orgItems = directory.data?.items ?? [];
  const orgChoices = candidateOrganisations(orgItems, ownOrgId, state.shares);
  const peopleOrgChoices = [...orgItems].sort((a, b) => a.name.localeCompare(b.name));
  const personChoices = peopleOrgId
    ? candidatePeople((people.data?.items ?? []).map((p) => ({ ...p, orgId: peopleOrgId })), ownOrgId, state.shares, orgItems)
    : [];
  const peopleOrgName = orgItems.find((o) => o.id === peopleOrgId)?.name ?? 'that organisation';
  const clients = target === 'organisation' ? declaredClientsNote(state.tlp, organisationId, orgItems) : null;
  const ready = target === 'organisation' ? Boolean(organisationId) : Boolean(userId);
  const submit = () => {
    if (target === 'organisation' && organisationId) add.mutate({ organisationId }, { onSuccess: onClose });
    if (target === 'person' && userId) add.mutate({ userId }, { onSuccess: onClose });
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title="Add a recipient"
      submitLabel="Share"
      ready={ready}
      pending={add.isPending}
      error={add.error}
      errorTitle="It was not shared"
      testId="share-add"
      size="md"
      onSubmit={submit}
    >
      <Group gap={6}>
        <Text size="sm">This {KIND_NOUNS[kind]} is labelled</Text>
        <TlpBadge label={state.tlp} testId="share-add-tlp" />
      </Group>
      <Text size="xs" c="dimmed">
        {TLP_REACH[state.tlp]}
      </Text>
      {shown.length > 1 && (
        <SegmentedControl
          data={shown.map((t) => ({ value: t, label: TARGET_LABELS[t] }))}
          value={target}
          onChange={(value) => setTarget(value === 'person' ? 'person' : 'organisation')}
          data-testid="share-target"
        />
      )}
      {target === 'organisation' ? (
        <RecipientChoice
          loading={directory.isPending}
          error={directory.error}
          none={orgChoices.length === 0 ? noOrganisationReason(account.isHostAdmin, orgItems) : null}
        >
          <Select
            label="Organisation"
            placeholder="Choose an organisation"
            description={clients ?? undefined}
            data={orgChoices.map((o) => ({ value: o.id, label: o.name }))}
            value={organisationId}
            onChange={setOrganisationId}
            searchable
            nothingFoundMessage="No organisation of that name"
            data-testid="share-organisation"
          />
        </RecipientChoice>
      ) : (
        <RecipientChoice
          loading={directory.isPending}
          error={directory.error}
          none={orgItems.length === 0 ? 'There is no other organisation on this installation, so there is no one else to name.' : null}
        >
          <Select
            label="Their organisation"
            placeholder="Choose an organisation"
            data={peopleOrgChoices.map((o) => ({ value: o.id, label: o.name }))}
            value={peopleOrgId}
            onChange={(value) => {
              setPeopleOrgId(value);
              setUserId(null);
            }}
            searchable
            nothingFoundMessage="No organisation of that name"
            data-testid="share-person-organisation"
          />
          {peopleOrgId !== null && (
            <RecipientChoice
              loading={people.isPending}
              error={people.error}
              none={personChoices.length === 0 ? `No one in ${peopleOrgName} can be named: it has no enabled account, or each is named already.` : null}
            >
              <Select
                label="Person"
                description="Only this person receives it, not the rest of their organisation."
                placeholder="Choose an account"
                data={personChoices}
                value={userId}
                onChange={setUserId}
                searchable
                nothingFoundMessage="No account of that name"
                data-testid="share-person"
              />
            </RecipientChoice>
          )}
        </RecipientChoice>
      )}
    </FormModal>
  );
}
