import { Anchor, AppShell, Burger, Group, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet } from 'react-router';
import { UserMenu } from '../auth/UserMenu';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { HealthIndicator } from './HealthIndicator';
import { Brand } from './Brand';
import { BookIcon } from './icons';
import { NavRail } from './NavRail';

export const HEADER_HEIGHT = 52;

export function AppLayout() {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header className="bw-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} to="/assets" underline="never" c="inherit" data-testid="brand">
              <Brand />
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <HealthIndicator />
            <Tooltip label="API documentation" withArrow>
              <Anchor href="/api/docs" target="_blank" rel="noreferrer" c="dimmed" display="flex" aria-label="API documentation">
                <BookIcon />
              </Anchor>
            </Tooltip>
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <NavRail onNavigate={closeNav} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
