/** A record's TLP label where the record is shown: in its page header, and the note partners read. */
import { Alert, Text } from '@mantine/core';
import { useSharing } from '../api/sharingQueries';
import type { ShareKind } from '../api/sharingTypes';
import { useAuth } from '../auth/AuthContext';
import { ShareIcon } from '../components/icons';
import { TlpBadge } from '../components/TlpBadge';
import { parseTlp, sharedWithYouNote, TLP_AUDIENCE } from '../lib/tlp';

export const KIND_NOUNS: Record<ShareKind, string> = { asset: 'asset', sbom: 'SBOM', finding: 'finding' };

/**
 * The record's label: the owning organisation reads it from the sharing state (fresh after a
 * change); partners cannot ask for that and have only what the record itself says (`known`).
 */
export function useRecordTlp(kind: ShareKind, id: string, known?: string | null): string | null {
  const partner = useAuth().role === 'partner';
  const sharing = useSharing(kind, id, !partner);
  return (partner ? null : sharing.data?.tlp) ?? known ?? null;
}

/** The label in a record page's header. */
export function RecordTlpBadge({ kind, id, known }: { kind: ShareKind; id: string; known?: string | null }) {
  return <TlpBadge label={useRecordTlp(kind, id, known)} size="lg" testId="record-tlp" />;
}

/** For partners: whose record this is and under which label it reached them; nothing for anyone else. */
export function SharedWithYouNote({ kind, label, owner }: { kind: ShareKind; label?: string | null; owner?: string | null }) {
  const account = useAuth();
  if (account.role !== 'partner') return null;
  const tlp = label ? parseTlp(label) : null;
  return (
    <Alert color="gray" variant="light" icon={<ShareIcon />} title={sharedWithYouNote(label, owner)} data-testid="shared-with-you" data-tlp={tlp ?? undefined}>
      <Text size="sm">
        {tlp ? TLP_AUDIENCE[tlp] : `The ${KIND_NOUNS[kind]} does not say its TLP label here: ask its owner before passing it on.`}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        Read-only: only the organisation that owns it changes, labels or shares it.
      </Text>
    </Alert>
  );
}
