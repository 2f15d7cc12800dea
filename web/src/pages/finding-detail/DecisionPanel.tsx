import { Alert, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useFindingDecision } from '../../api/findingQueries';
import type { FindingView } from '../../api/findingTypes';
import { useAsset } from '../../api/queries';
import { AlertIcon } from '../../components/icons';
import { formatDateTime } from '../../lib/format';

type Mode = 'confirm' | 'reject';

/** The product statement a rule would be made from: the server takes the affected evidence, else the first. */
function ruleable(finding: FindingView): boolean {
  const evidence = finding.evidence ?? [];
  const deciding = evidence.find((e) => e.status === 'affected') ?? evidence[0];
  return Boolean(deciding?.specId);
}

function AssetRuleCheckbox({ assetId, checked, onChange }: { assetId: string; checked: boolean; onChange: (v: boolean) => void }) {
  const asset = useAsset(assetId);
  const vendor = asset.data?.vendor;
  const model = asset.data?.model;
  if (!vendor || !model) return null;
  return (
    <Checkbox
      checked={checked}
      onChange={(event) => onChange(event.currentTarget.checked)}
      label={
        <>
          Make this a rule for every <b>{vendor}</b> <b>{model}</b>
        </>
      }
      description="The advisory's product statement behind this finding will no longer match any asset of this vendor and model, for every vulnerability it lists, now and after later imports."
      wrapperProps={{ 'data-testid': 'decision-rule' }}
    />
  );
}

function ComponentRuleCheckbox({ finding, checked, onChange }: { finding: FindingView; checked: boolean; onChange: (v: boolean) => void }) {
  if (!finding.component) return null;
  return (
    <Checkbox
      checked={checked}
      onChange={(event) => onChange(event.currentTarget.checked)}
      label={
        <>
          Make this a rule for every <b>{finding.component.name}</b> component of the same supplier
        </>
      }
      description="The product statement behind this finding will no longer match this component in any SBOM, for every vulnerability it lists, now and after later imports."
      wrapperProps={{ 'data-testid': 'decision-rule' }}
    />
  );
}

/** Confirm or reject the finding (a rejection may become a rule), or clear an earlier decision. */
export function DecisionPanel({ finding }: { finding: FindingView }) {
  const decide = useFindingDecision(finding.id);
  const [mode, setMode] = useState<Mode | null>(null);
  const [reason, setReason] = useState('');
  const [rule, setRule] = useState(false);
  const current = finding.decision;

  const open = (next: Mode) => {
    decide.reset();
    setMode(next);
    setReason('');
    setRule(false);
  };
  const submit = () => {
    if (!mode) return;
    const trimmed = reason.trim();
    decide.mutate(
      { decision: mode, ...(trimmed ? { reason: trimmed } : {}), ...(mode === 'reject' && rule ? { rule: true } : {}) },
      { onSuccess: () => setMode(null) },
    );
  };
  const canRule = ruleable(finding);

  return (
    <Stack gap="sm" data-testid="finding-decision-panel">
      {current ? (
        <div data-testid="finding-decision" data-decision={current.decision}>
          <Text size="sm">
            <Text span fw={600}>
              {current.decision === 'reject' ? 'Rejected' : current.decision === 'confirm' ? 'Confirmed' : current.decision}
            </Text>{' '}
            by {current.by} on {formatDateTime(current.at)}
          </Text>
          {current.reason && (
            <Text size="sm" c="dimmed" className="bw-prose bw-break" data-testid="finding-decision-reason">
              “{current.reason}”
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            A decision outranks every other source and survives re-matching.
          </Text>
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          No one has decided on this finding. Confirm it if it is real, reject it if it does not apply; the decision survives re-matching.
        </Text>
      )}

      {mode === null ? (
        <Group gap="xs">
          {current?.decision !== 'confirm' && (
            <Button variant="light" color="red" onClick={() => open('confirm')} data-testid="decision-confirm">
              Confirm
            </Button>
          )}
          {current?.decision !== 'reject' && (
            <Button variant="light" color="teal" onClick={() => open('reject')} data-testid="decision-reject">
              Reject
            </Button>
          )}
          {current && (
            <Button
              variant="default"
              onClick={() => decide.mutate({ decision: 'clear' })}
              loading={decide.isPending && decide.variables.decision === 'clear'}
              data-testid="decision-clear"
            >
              Clear decision
            </Button>
          )}
        </Group>
      ) : (
        <Stack gap="xs" data-testid="decision-form" data-mode={mode}>
          <Textarea
            label={mode === 'reject' ? 'Why does it not apply?' : 'Note (optional)'}
            description={
              mode === 'reject' ? 'Kept with the decision, e.g. “the affected module is not installed”.' : 'Kept with the decision, e.g. the ticket that tracks the fix.'
            }
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            required={mode === 'reject'}
            data-autofocus
            data-testid="decision-reason"
          />
          {mode === 'reject' && canRule && (
            finding.asset ? (
              <AssetRuleCheckbox assetId={finding.asset.id} checked={rule} onChange={setRule} />
            ) : (
              <ComponentRuleCheckbox finding={finding} checked={rule} onChange={setRule} />
            )
          )}
          <Group gap="xs">
            <Button
              color={mode === 'reject' ? 'teal' : 'red'}
              onClick={submit}
              loading={decide.isPending}
              disabled={mode === 'reject' && reason.trim() === ''}
              data-testid="decision-submit"
            >
              {mode === 'reject' ? 'Reject finding' : 'Confirm finding'}
            </Button>
            <Button variant="subtle" color="gray" onClick={() => setMode(null)} disabled={decide.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
      {decide.error && (
        <Alert color="red" variant="light" icon={<AlertIcon />} title="The decision was not saved" data-testid="decision-error">
          <Text size="sm">{decide.error.message}</Text>
        </Alert>
      )}
    </Stack>
  );
}
