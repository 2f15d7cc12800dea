import { Avatar, Badge, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useSignOut } from '../api/authQueries';
import { ChevronDownIcon, KeyIcon, LockIcon, LogoutIcon } from '../components/icons';
import { ROLE_COLORS } from './roles';
import { useAuth } from './AuthContext';

function initials(name: string): string {
  const parts = name.split(/[\s._@-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

/** Who is signed in (name, role, organisation), their tokens and password, and signing out. */
export function UserMenu() {
  const account = useAuth();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton className="bw-user-button" aria-label={`Account: ${account.username}`} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar size={28} radius="xl" color={ROLE_COLORS[account.role]} variant="light">
              {initials(account.displayName)}
            </Avatar>
            <Stack gap={0} visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2} data-testid="user-menu-name">
                {account.username}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {account.role}
              </Text>
            </Stack>
            <ChevronDownIcon size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown data-testid="user-menu-dropdown">
        <Stack gap={4} px="sm" py={8}>
          <Text size="sm" fw={600} data-testid="user-menu-username">
            {account.displayName}
          </Text>
          {account.displayName !== account.username && (
            <Text size="xs" c="dimmed" ff="monospace">
              {account.username}
            </Text>
          )}
          <Group gap={6} wrap="nowrap">
            <Badge size="sm" radius="sm" variant="light" color={ROLE_COLORS[account.role]} data-testid="user-menu-role">
              {account.role}
            </Badge>
            <Text size="xs" c="dimmed" className="bw-clip" data-testid="user-menu-organisation">
              {account.organisation?.name ?? '—'}
            </Text>
          </Group>
        </Stack>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account/tokens" leftSection={<KeyIcon size={16} />} data-testid="user-menu-tokens">
          API tokens
        </Menu.Item>
        {account.me.user?.signIn !== 'oidc' && (
          <Menu.Item component={Link} to="/account/password" leftSection={<LockIcon size={16} />} data-testid="user-menu-password">
            Change password
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<LogoutIcon size={16} />}
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
          data-testid="sign-out"
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
