/** The risk area's own navigation: the queue, deadlines, the board and the dashboard, one click apart. */
import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';

export const RISK_PAGES = [
  { to: '/risk', label: 'Work queue' },
  { to: '/risk/overdue', label: 'Overdue & due soon' },
  { to: '/risk/remediations', label: 'Remediation board' },
  { to: '/risk/dashboard', label: 'Dashboard' },
] as const;

export function RiskTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current = RISK_PAGES.find((p) => p.to === pathname)?.to ?? '/risk';
  return (
    <Tabs value={current} onChange={(to) => to && navigate(to)} variant="outline" data-testid="risk-tabs">
      <Tabs.List>
        {RISK_PAGES.map((p) => (
          <Tabs.Tab key={p.to} value={p.to} data-testid={`risk-tab-${p.to.split('/').pop()}`}>
            {p.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
