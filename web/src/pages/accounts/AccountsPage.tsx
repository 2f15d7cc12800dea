import { Badge, Stack, Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useAccounts, useOrganisations } from '../../api/authQueries';
import { useAuth } from '../../auth/AuthContext';
import { BuildingIcon, UsersIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { formatCount } from '../../lib/format';
import { AccountsPanel } from './AccountsPanel';
import { OrganisationsPanel } from './OrganisationsPanel';

type Tab = 'accounts' | 'organisations';

/** Administration: accounts and their roles, and the organisations (tenants). */
export function AccountsPage() {
  const me = useAuth();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'organisations' ? 'organisations' : 'accounts';
  const accounts = useAccounts();
  const organisations = useOrganisations();
  const total = accounts.data?.items.length;
  return (
    <Stack gap="sm" data-testid="accounts-page">
      <PageHeader
        title="Accounts"
        subtitle={
          total === undefined
            ? 'Loading…'
            : `${formatCount(total)} account${total === 1 ? '' : 's'} ${me.isHostAdmin ? 'in every organisation' : `in ${me.organisation?.name ?? 'your organisation'}`}`
        }
        subtitleTestId="accounts-total"
        subtitleData={{ 'data-total': total === undefined ? undefined : String(total) }}
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'organisations' ? { tab: 'organisations' } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="sm">
          <Tabs.Tab value="accounts" leftSection={<UsersIcon size={16} />} data-testid="accounts-tab">
            Accounts
          </Tabs.Tab>
          <Tabs.Tab
            value="organisations"
            leftSection={<BuildingIcon size={16} />}
            rightSection={organisations.data ? <Badge size="xs" variant="default" radius="sm">{organisations.data.items.length}</Badge> : null}
            data-testid="organisations-tab"
          >
            Organisations
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="accounts">
          <AccountsPanel organisations={organisations.data?.items ?? []} />
        </Tabs.Panel>
        <Tabs.Panel value="organisations">
          <OrganisationsPanel organisations={organisations} accounts={accounts.data?.items} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
