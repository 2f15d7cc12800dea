/**
 * Moves one finding's remediation to another state, asking for what the API requires: owner and
 * due date to plan, a reason to reopen, expiry and reason to accept the risk, an optional
 * "applied at" for a mitigation or remediation. Used by the finding page and the board.
 */
import { Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useAcceptRisk, useChangeRemediation } from '../../api/riskQueries';
import type { RemediationState, RemediationView } from '../../api/riskTypes';
import { FormModal } from '../../components/FormModal';
import type { TransitionForm } from '../../lib/riskFormat';
import { addDays, emptyTransitionForm, stateLook, todayUtc, transitionErrors, transitionFields, transitionRequest, transitionVerb } from '../../lib/riskFormat';

export interface TransitionTarget {
  findingId: string;
  /** What the finding is, for the title: `CVE-… on PLC-1`. */
  label: string;
  from: RemediationState;
  to: RemediationState;
  /** Current plan, to start a re-plan from (a recorded plan leaves out an action it does not have; a board card has null). */
  plan?: { owner: string; dueDate: string; action?: string | null | undefined } | null;
  /** A suggested due date (the finding's governing deadline). */
  suggestedDue?: string | null;
}

function initialForm(target: TransitionTarget, today: string): TransitionForm {
  const form = emptyTransitionForm();
  if (target.to === 'planned') {
    form.owner = target.plan?.owner ?? '';
    form.dueDate = target.plan?.dueDate?.slice(0, 10) ?? (target.suggestedDue && target.suggestedDue > today ? target.suggestedDue.slice(0, 10) : addDays(today, 30));
    form.action = target.plan?.action ?? '';
  }
  if (target.to === 'risk-accepted') form.expiresAt = addDays(today, 90);
  return form;
}

const FIELD_LABELS: Record<keyof TransitionForm, { label: string; description?: string; date?: boolean; area?: boolean }> = {
  owner: { label: 'Owner', description: 'Who carries it out (a person or a team)' },
  dueDate: { label: 'Due date', date: true },
  action: { label: 'Action', description: 'What will be done: update firmware, isolate, change a setting…', area: true },
  reason: { label: 'Reason', area: true },
  appliedAt: { label: 'Applied on', description: 'Leave empty for now; a past date records when it was really in place', date: true },
  expiresAt: { label: 'Accepted until', description: 'The finding reopens when the acceptance lapses', date: true },
  note: { label: 'Note', description: 'Optional, kept in the history', area: true },
};

export function TransitionDialog({ target, onClose, onDone }: { target: TransitionTarget | null; onClose: () => void; onDone?: (view: RemediationView) => void }) {
  const today = todayUtc();
  const [form, setForm] = useState<TransitionForm>(emptyTransitionForm);
  const [tried, setTried] = useState(false);
  const change = useChangeRemediation();
  const accept = useAcceptRisk();
  const { reset: resetChange } = change;
  const { reset: resetAccept } = accept;
  useEffect(() => {
    if (!target) return;
    setForm(initialForm(target, todayUtc()));
    setTried(false);
    resetChange();
    resetAccept();
  }, [target, resetChange, resetAccept]);

  if (!target) return null;
  const errors = transitionErrors(target.to, form, today);
  const fields = [...transitionFields(target.to), 'note' as const];
  const submit = () => {
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    const request = transitionRequest(target.to, form);
    const done = (view: RemediationView) => {
      onDone?.(view);
      onClose();
    };
    if (request.kind === 'accept') accept.mutate({ findingId: target.findingId, request: request.request }, { onSuccess: done });
    else change.mutate({ findingId: target.findingId, change: request.change }, { onSuccess: done });
  };
  const verb = transitionVerb(target.from, target.to);
  return (
    <FormModal
      opened
      onClose={onClose}
      title={verb}
      onSubmit={submit}
      submitLabel={verb}
      pending={change.isPending || accept.isPending}
      error={change.error ?? accept.error}
      errorTitle="The server refused the change"
      testId="transition-dialog"
      size="md"
      color={target.to === 'risk-accepted' ? 'grape' : undefined}
    >
      <Text size="sm" c="dimmed" data-testid="transition-summary">
        {target.label}: {stateLook(target.from).label} → {stateLook(target.to).label}
      </Text>
      {fields.map((field) => {
        const f = FIELD_LABELS[field];
        const common = {
          label: f.label,
          description: f.description,
          value: form[field],
          onChange: (event: { currentTarget: { value: string } }) => {
            const value = event.currentTarget.value;
            setForm((c) => ({ ...c, [field]: value }));
          },
          error: tried ? errors[field] : undefined,
          required: field !== 'note' && field !== 'action' && field !== 'appliedAt',
          'data-testid': `transition-${field}`,
        };
        return f.area ? <Textarea key={field} {...common} autosize minRows={2} maxLength={2000} /> : <TextInput key={field} {...common} type={f.date ? 'date' : 'text'} maxLength={200} data-autofocus={field === fields[0] || undefined} />;
      })}
    </FormModal>
  );
}
