/** Plans one vulnerability across every asset that has it (optionally on one site), or a given set of findings, with an owner and a due date. */
import { Alert, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useCreatePlan } from '../../api/riskQueries';
import type { BulkResult } from '../../api/riskTypes';
import { FormModal } from '../../components/FormModal';
import { addDays, todayUtc } from '../../lib/riskFormat';
import { SiteSelect } from './QueueToolbar';

export interface PlanSeed {
  vulnerabilityId?: string;
  site?: string;
  /** Plan exactly these findings instead of a whole vulnerability. */
  findingIds?: string[];
  dueDate?: string | null;
}

interface PlanForm {
  vulnerabilityId: string;
  site: string | null;
  title: string;
  owner: string;
  dueDate: string;
  action: string;
}

/** Skipped findings grouped by why: `[message, count]`, most frequent first. */
function skippedSummary(result: BulkResult): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const s of result.skipped) counts.set(s.message, (counts.get(s.message) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

export function PlanDialog({ seed, onClose, onDone }: { seed: PlanSeed | null; onClose: () => void; onDone?: (result: BulkResult) => void }) {
  const create = useCreatePlan();
  const [form, setForm] = useState<PlanForm>({ vulnerabilityId: '', site: null, title: '', owner: '', dueDate: '', action: '' });
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const { reset } = create;
  useEffect(() => {
    if (!seed) return;
    const today = todayUtc();
    setForm({
      vulnerabilityId: seed.vulnerabilityId ?? '',
      site: seed.site ?? null,
      title: '',
      owner: '',
      dueDate: seed.dueDate && seed.dueDate > today ? seed.dueDate.slice(0, 10) : addDays(today, 30),
      action: '',
    });
    setTried(false);
    setResult(null);
    reset();
  }, [seed, reset]);
  if (!seed) return null;
  const byFindings = Boolean(seed.findingIds?.length);
  const errors: Partial<Record<keyof PlanForm, string>> = {};
  if (!byFindings && !/^\S{3,200}$/.test(form.vulnerabilityId.trim())) errors.vulnerabilityId = 'Which vulnerability? (e.g. CVE-2023-27997)';
  if (!form.owner.trim()) errors.owner = 'Who carries it out?';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.dueDate)) errors.dueDate = 'By when? (a date)';
  const set = (field: keyof PlanForm) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((c) => ({ ...c, [field]: value }));
  };
  const submit = () => {
    if (result) return onClose();
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    const body = {
      ...(byFindings ? { findingIds: seed.findingIds } : { vulnerabilityId: form.vulnerabilityId.trim(), ...(form.site ? { site: form.site } : {}) }),
      owner: form.owner.trim(),
      dueDate: form.dueDate,
      ...(form.title.trim() ? { title: form.title.trim() } : {}),
      ...(form.action.trim() ? { action: form.action.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: (r) => {
        onDone?.(r);
        if (r.skipped.length > 0) setResult(r);
        else onClose();
      },
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={byFindings ? `Plan ${seed.findingIds?.length} finding${seed.findingIds?.length === 1 ? '' : 's'}` : 'Plan a vulnerability across assets'}
      onSubmit={submit}
      submitLabel={result ? 'Done' : 'Create plan'}
      pending={create.isPending}
      error={create.error}
      errorTitle="The server refused the plan"
      testId="plan-dialog"
      size="md"
    >
      {result ? (
        <Alert color="yellow" variant="light" title={`Planned ${result.changed.length}, skipped ${result.skipped.length}`} data-testid="plan-skipped">
          {skippedSummary(result).map(([message, count]) => (
            <Text key={message} size="xs">
              {count} × {message}
            </Text>
          ))}
        </Alert>
      ) : (
        <>
          {!byFindings && (
            <>
              <Text size="sm" c="dimmed">
                Every open finding of the vulnerability becomes planned with this owner and due date; findings already further along are listed as skipped.
              </Text>
              <TextInput label="Vulnerability" placeholder="CVE-2023-27997" value={form.vulnerabilityId} onChange={set('vulnerabilityId')} error={tried ? errors.vulnerabilityId : undefined} required data-testid="plan-vulnerability-id" data-autofocus />
              <div>
                <Text size="sm" fw={500} mb={2}>
                  Site
                </Text>
                <SiteSelect value={form.site ?? undefined} onChange={(site) => setForm((c) => ({ ...c, site }))} testId="plan-site" />
              </div>
        </>
      )}
      <TextInput label="Owner" value={form.owner} onChange={set('owner')} error={tried ? errors.owner : undefined} required maxLength={200} data-testid="plan-owner" />
      <TextInput label="Due date" type="date" value={form.dueDate} onChange={set('dueDate')} error={tried ? errors.dueDate : undefined} required data-testid="plan-due" />
      <TextInput label="Title" placeholder="Generated from the vulnerability when empty" value={form.title} onChange={set('title')} maxLength={300} data-testid="plan-title" />
      <Textarea label="Action" placeholder="Update firmware to the fixed version; until then restrict access to the management port" value={form.action} onChange={set('action')} autosize minRows={2} maxLength={2000} data-testid="plan-action" />
        </>
      )}
    </FormModal>
  );
}
