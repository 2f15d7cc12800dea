/** A small set of stroke icons drawn inline (the project ships no icon package). */
import type { ReactNode, SVGProps } from 'react';

export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children'> {
  size?: number;
}

function icon(paths: ReactNode, displayName: string) {
  function Icon({ size = 18, strokeWidth = 1.8, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={strokeWidth}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const ShieldIcon = icon(<path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.6 7.5 9.5 4.3-.9 7.5-4.9 7.5-9.5V6L12 3z" />, 'ShieldIcon');
export const SunIcon = icon(
  <>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </>,
  'SunIcon',
);
export const MoonIcon = icon(<path d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z" />, 'MoonIcon');
export const SearchIcon = icon(
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4.2-4.2" />
  </>,
  'SearchIcon',
);
export const UploadIcon = icon(<path d="M12 15V4M7.5 8.5 12 4l4.5 4.5M5 15v3.5A1.5 1.5 0 0 0 6.5 20h11a1.5 1.5 0 0 0 1.5-1.5V15" />, 'UploadIcon');
export const DownloadIcon = icon(<path d="M12 4v11M7.5 10.5 12 15l4.5-4.5M5 15v3.5A1.5 1.5 0 0 0 6.5 20h11a1.5 1.5 0 0 0 1.5-1.5V15" />, 'DownloadIcon');
export const ChevronDownIcon = icon(<path d="m6 9 6 6 6-6" />, 'ChevronDownIcon');
export const ChevronLeftIcon = icon(<path d="m15 6-6 6 6 6" />, 'ChevronLeftIcon');
export const SortIcon = icon(<path d="m8 9 4-4 4 4M8 15l4 4 4-4" />, 'SortIcon');
export const SortAscIcon = icon(<path d="m8 14 4-4 4 4" />, 'SortAscIcon');
export const SortDescIcon = icon(<path d="m8 10 4 4 4-4" />, 'SortDescIcon');
export const CloseIcon = icon(<path d="M6 6l12 12M18 6 6 18" />, 'CloseIcon');
export const ServerIcon = icon(
  <>
    <rect x="4" y="4" width="16" height="7" rx="1.5" />
    <rect x="4" y="13" width="16" height="7" rx="1.5" />
    <path d="M8 7.5h.01M8 16.5h.01" />
  </>,
  'ServerIcon',
);
export const CpuIcon = icon(
  <>
    <rect x="6" y="6" width="12" height="12" rx="1.5" />
    <rect x="9.5" y="9.5" width="5" height="5" />
    <path d="M9 3v3M15 3v3M9 18v3M15 18v3M3 9h3M3 15h3M18 9h3M18 15h3" />
  </>,
  'CpuIcon',
);
export const MapPinIcon = icon(
  <>
    <path d="M12 21s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11z" />
    <circle cx="12" cy="10" r="2.3" />
  </>,
  'MapPinIcon',
);
export const BugIcon = icon(
  <>
    <path d="M8.5 8.5a3.5 3.5 0 0 1 7 0" />
    <rect x="7" y="8.5" width="10" height="11" rx="5" />
    <path d="M12 12v7.5M3.5 13H7M17 13h3.5M4.5 7.5 7.5 9.5M19.5 7.5l-3 2M4.5 19l3-2.5M19.5 19l-3-2.5" />
  </>,
  'BugIcon',
);
export const PackageIcon = icon(
  <>
    <path d="M12 3 4 7v10l8 4 8-4V7l-8-4z" />
    <path d="m4 7 8 4 8-4M12 11v10M8 5l8 4" />
  </>,
  'PackageIcon',
);
export const AlertIcon = icon(
  <>
    <path d="M10.3 4.3 2.8 17.5A2 2 0 0 0 4.5 20.5h15a2 2 0 0 0 1.7-3L13.7 4.3a2 2 0 0 0-3.4 0z" />
    <path d="M12 10v4M12 17h.01" />
  </>,
  'AlertIcon',
);
export const RadarIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <circle cx="12" cy="12" r="4.5" />
    <path d="M12 12 18 6" />
  </>,
  'RadarIcon',
);
export const GaugeIcon = icon(
  <>
    <path d="M4.5 17a8.5 8.5 0 1 1 15 0" />
    <path d="m12 13 3.5-4" />
    <circle cx="12" cy="13" r="1.2" />
  </>,
  'GaugeIcon',
);
export const ChecklistIcon = icon(
  <>
    <path d="m4 6.5 1.5 1.5L8.5 5M4 13.5 5.5 15l3-3M4 20.5h.01" />
    <path d="M11.5 6.5H20M11.5 13.5H20M11.5 20.5H20" />
  </>,
  'ChecklistIcon',
);
export const ShareIcon = icon(
  <>
    <circle cx="6" cy="12" r="2.5" />
    <circle cx="18" cy="6" r="2.5" />
    <circle cx="18" cy="18" r="2.5" />
    <path d="m8.2 10.8 7.6-3.6M8.2 13.2l7.6 3.6" />
  </>,
  'ShareIcon',
);
export const BookIcon = icon(
  <>
    <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H19v14H5.5A1.5 1.5 0 0 0 4 19.5z" />
    <path d="M4 19.5A1.5 1.5 0 0 0 5.5 21H19v-3" />
  </>,
  'BookIcon',
);
export const FileIcon = icon(
  <>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5z" />
    <path d="M14 3v5h5" />
  </>,
  'FileIcon',
);
export const HistoryIcon = icon(
  <>
    <path d="M3.5 12a8.5 8.5 0 1 0 2.5-6" />
    <path d="M3.5 4v4h4M12 8v4l3 2" />
  </>,
  'HistoryIcon',
);
export const FilterOffIcon = icon(<path d="M4 5h16l-6 7.5V19l-4-2v-4.5L4 5zM3 3l18 18" />, 'FilterOffIcon');
export const DatabaseIcon = icon(
  <>
    <ellipse cx="12" cy="6" rx="7" ry="2.8" />
    <path d="M5 6v6c0 1.5 3.1 2.8 7 2.8s7-1.3 7-2.8V6M5 12v6c0 1.5 3.1 2.8 7 2.8s7-1.3 7-2.8v-6" />
  </>,
  'DatabaseIcon',
);
export const LockIcon = icon(
  <>
    <rect x="5" y="10.5" width="14" height="10" rx="2" />
    <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
  </>,
  'LockIcon',
);
export const KeyIcon = icon(
  <>
    <circle cx="8" cy="15" r="4" />
    <path d="m10.8 12.2 8.7-8.7M16.5 6.5l2.5 2.5M14 9l2 2" />
  </>,
  'KeyIcon',
);
export const UserIcon = icon(
  <>
    <circle cx="12" cy="8" r="3.8" />
    <path d="M4.5 20.5c.8-3.8 3.8-6 7.5-6s6.7 2.2 7.5 6" />
  </>,
  'UserIcon',
);
export const UsersIcon = icon(
  <>
    <circle cx="9" cy="8.5" r="3.5" />
    <path d="M2.5 20c.7-3.4 3.3-5.5 6.5-5.5s5.8 2.1 6.5 5.5M15.5 5.2a3.5 3.5 0 0 1 0 6.6M17.5 14.8c2 .7 3.5 2.5 4 5.2" />
  </>,
  'UsersIcon',
);
export const LogoutIcon = icon(<path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4M10 16l-4-4 4-4M6 12h10" />, 'LogoutIcon');
export const ScrollIcon = icon(
  <>
    <path d="M8 3h10a2 2 0 0 1 2 2v12H10v2a2 2 0 0 1-4 0V5a2 2 0 0 0-2-2" />
    <path d="M4 3a2 2 0 0 0-2 2v2h4M11 8h5M11 12h5" />
  </>,
  'ScrollIcon',
);
export const CopyIcon = icon(
  <>
    <rect x="8.5" y="8.5" width="11.5" height="11.5" rx="2" />
    <path d="M15.5 8.5V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7.5a2 2 0 0 0 2 2h2.5" />
  </>,
  'CopyIcon',
);
export const CheckIcon = icon(<path d="m5 12.5 4.5 4.5L19 7.5" />, 'CheckIcon');
export const DotsIcon = icon(
  <>
    <circle cx="5.5" cy="12" r="1.2" />
    <circle cx="12" cy="12" r="1.2" />
    <circle cx="18.5" cy="12" r="1.2" />
  </>,
  'DotsIcon',
);
export const PlusIcon = icon(<path d="M12 5v14M5 12h14" />, 'PlusIcon');
export const BuildingIcon = icon(
  <>
    <path d="M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v16M16 9h2a2 2 0 0 1 2 2v10M2.5 21h19" />
    <path d="M8 7h4M8 11h4M8 15h4" />
  </>,
  'BuildingIcon',
);
export const ShieldCheckIcon = icon(
  <>
    <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.6 7.5 9.5 4.3-.9 7.5-4.9 7.5-9.5V6L12 3z" />
    <path d="m8.8 12 2.3 2.3 4.2-4.6" />
  </>,
  'ShieldCheckIcon',
);
export const ChartIcon = icon(
  <>
    <path d="M4 20h16" />
    <path d="M7 16v-5M12 16V7M17 16v-8" />
  </>,
  'ChartIcon',
);
export const ColumnsIcon = icon(
  <>
    <rect x="3.5" y="4.5" width="5" height="15" rx="1" />
    <rect x="9.5" y="4.5" width="5" height="10" rx="1" />
    <rect x="15.5" y="4.5" width="5" height="7" rx="1" />
  </>,
  'ColumnsIcon',
);
