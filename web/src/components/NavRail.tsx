import { Badge, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import type { Permission } from '../api/authTypes';
import { useAuth } from '../auth/AuthContext';
import type { IconProps } from './icons';
import {
  AlertIcon, BugIcon, ChartIcon, ChecklistIcon, ColumnsIcon, CpuIcon, DatabaseIcon, FileIcon, GaugeIcon, MapPinIcon, PackageIcon, RadarIcon, ScrollIcon, ShareIcon,
  UsersIcon,
} from './icons';

interface NavItem {
  label: string;
  icon: ComponentType<IconProps>;
  /** Absent for areas that are planned but not built yet (and for groups, which open instead). */
  to?: string;
  /** Pages of an area, shown nested under it. */
  children?: Array<{ label: string; icon: ComponentType<IconProps>; to: string; /** Active only on this very path, not below it. */ exact?: boolean }>;
  /** Shown only to roles that grant this permission. */
  permission?: Permission;
}

interface NavSection {
  title: string;
  items: NavItem[];
}

const SECTIONS: NavSection[] = [
  {
    title: 'Inventory',
    items: [
      { label: 'Assets', icon: CpuIcon, to: '/assets' },
      { label: 'Sites', icon: MapPinIcon, to: '/sites' },
      { label: 'Discovery', icon: RadarIcon, to: '/discovery' },
    ],
  },
  {
    title: 'Security',
    items: [
      {
        label: 'Vulnerabilities',
        icon: BugIcon,
        children: [
          { label: 'Vulnerabilities', icon: BugIcon, to: '/vulnerabilities' },
          { label: 'Advisories', icon: FileIcon, to: '/advisories' },
          { label: 'Intel status', icon: DatabaseIcon, to: '/intel' },
        ],
      },
      { label: 'SBOMs', icon: PackageIcon, to: '/sboms' },
      { label: 'Findings', icon: AlertIcon, to: '/findings' },
      {
        label: 'Risk',
        icon: GaugeIcon,
        children: [
          { label: 'Work queue', icon: GaugeIcon, to: '/risk', exact: true },
          { label: 'Overdue', icon: AlertIcon, to: '/risk/overdue' },
          { label: 'Remediation board', icon: ColumnsIcon, to: '/risk/remediations' },
          { label: 'Risk dashboard', icon: ChartIcon, to: '/risk/dashboard' },
        ],
      },
    ],
  },
  {
    title: 'Governance',
    items: [
      { label: 'Compliance', icon: ChecklistIcon },
      { label: 'Sharing', icon: ShareIcon },
    ],
  },
  {
    title: 'Administration',
    items: [
      { label: 'Accounts', icon: UsersIcon, to: '/admin/accounts', permission: 'admin' },
      { label: 'Audit log', icon: ScrollIcon, to: '/admin/audit', permission: 'audit' },
    ],
  },
];

/** The sections with the items this role may use; a section left empty is not shown. */
export function visibleSections(can: (permission: Permission) => boolean): NavSection[] {
  return SECTIONS.map((section) => ({ ...section, items: section.items.filter((item) => !item.permission || can(item.permission)) })).filter(
    (section) => section.items.length > 0,
  );
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function isActive(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

export function NavRail({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const { can } = useAuth();
  return (
    <ScrollArea type="scroll" h="100%">
      <Stack gap="md" p="sm" component="nav" aria-label="Main">
        {visibleSections(can).map((section) => (
          <div key={section.title} data-testid={`nav-section-${slug(section.title)}`}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={4} className="bw-nav-title">
              {section.title}
            </Text>
            {section.items.map(({ label, icon: Icon, to, children }) =>
              children ? (
                <NavLink
                  key={label}
                  label={label}
                  leftSection={<Icon size={18} />}
                  defaultOpened
                  childrenOffset={14}
                  className="bw-nav-link"
                  data-testid={`nav-group-${slug(label)}`}
                >
                  {children.map((child) => (
                    <NavLink
                      key={child.to}
                      component={RouterNavLink}
                      to={child.to}
                      label={child.label}
                      leftSection={<child.icon size={16} />}
                      end={child.exact}
                      active={child.exact ? pathname === child.to : isActive(pathname, child.to)}
                      onClick={onNavigate}
                      variant="light"
                      className="bw-nav-link"
                      data-testid={`nav-${slug(child.label)}`}
                    />
                  ))}
                </NavLink>
              ) : to ? (
                <NavLink
                  key={label}
                  component={RouterNavLink}
                  to={to}
                  label={label}
                  leftSection={<Icon size={18} />}
                  active={isActive(pathname, to)}
                  onClick={onNavigate}
                  variant="light"
                  className="bw-nav-link"
                  data-testid={`nav-${slug(label)}`}
                />
              ) : (
                // Planned areas are listed so the map of the product is visible, but they are not links yet.
                <NavLink
                  key={label}
                  component="div"
                  label={label}
                  leftSection={<Icon size={18} />}
                  rightSection={
                    <Badge size="xs" variant="default" radius="sm" tt="lowercase">
                      soon
                    </Badge>
                  }
                  disabled
                  aria-disabled="true"
                  className="bw-nav-link"
                  data-testid={`nav-${slug(label)}`}
                />
              ),
            )}
          </div>
        ))}
      </Stack>
    </ScrollArea>
  );
}
