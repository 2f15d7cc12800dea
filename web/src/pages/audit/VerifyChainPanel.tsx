import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useAuditVerify } from '../../api/authQueries';
import { CopyField } from '../../components/CopyField';
import { AlertIcon, ShieldCheckIcon } from '../../components/icons';
import { Section } from '../../components/Section';
import { ErrorAlert } from '../../components/states';
import { formatCount } from '../../lib/format';
import { formatAnchor, isAnchor } from '../../lib/auditQuery';

/**
 * Checks the hash chain of the whole log on the server. The head `SEQ:HASH` it returns is an anchor:
 * kept outside Bulwark, a later check with it proves that nothing up to that entry was rewritten.
 */
export function VerifyChainPanel({ onShowEntry }: { onShowEntry: (seq: number) => void }) {
  const [anchor, setAnchor] = useState('');
  const verify = useAuditVerify();
  const result = verify.data;
  const anchorError = anchor.trim() && !isAnchor(anchor) ? 'Written SEQ:HASH, as shown after a verification' : null;
  return (
    <Section title="Integrity" icon={<ShieldCheckIcon size={16} />} testId="audit-verify-panel">
      <Stack gap="sm" p="md">
        <Text size="sm" c="dimmed">
          Every entry carries the hash of the one before it, so an edited or deleted entry breaks the chain. Verification recomputes
          it on the server; give an anchor from an earlier verification to prove the log was not rewritten since.
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            aria-label="Anchor"
            placeholder="Anchor (optional): SEQ:HASH"
            value={anchor}
            onChange={(e) => {
              setAnchor(e.currentTarget.value);
              verify.reset();
            }}
            error={anchorError}
            spellCheck={false}
            ff="monospace"
            w={{ base: '100%', sm: 460 }}
            data-testid="audit-anchor-input"
          />
          <Button
            leftSection={<ShieldCheckIcon size={16} />}
            onClick={() => verify.mutate(anchor)}
            loading={verify.isPending}
            disabled={Boolean(anchorError)}
            data-testid="audit-verify"
          >
            Verify chain
          </Button>
        </Group>
        {verify.error && <ErrorAlert error={verify.error} title="Verification failed to run" />}
        {result && (
          <Alert
            color={result.ok ? 'teal' : 'red'}
            variant="light"
            icon={result.ok ? <ShieldCheckIcon /> : <AlertIcon />}
            title={result.ok ? 'The chain is intact' : `The chain is broken${result.problem ? ` at entry #${result.problem.seq}` : ''}`}
            data-testid="audit-verify-result"
            data-ok={String(result.ok)}
            data-problem-seq={result.problem?.seq}
          >
            <Stack gap="xs">
              <Text size="sm" data-testid="audit-verify-summary">
                {result.ok
                  ? `${formatCount(result.entries)} entries checked; none was edited or removed${anchor.trim() ? ', and the anchor matches' : ''}.`
                  : `${result.problem?.reason ?? 'An entry does not match its hash.'} ${formatCount(result.entries)} entries checked.`}
              </Text>
              {!result.ok && result.problem && (
                <Group>
                  <Button size="xs" variant="light" color="red" onClick={() => onShowEntry(result.problem!.seq)} data-testid="audit-show-broken">
                    Show entry #{result.problem.seq}
                  </Button>
                </Group>
              )}
              {result.entries > 0 && (
                <div>
                  <Text size="xs" fw={600} mb={4}>
                    Head anchor (keep it outside Bulwark to check against later)
                  </Text>
                  <CopyField value={formatAnchor(result.head)} label="anchor" testId="audit-anchor" />
                </div>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Section>
  );
}
