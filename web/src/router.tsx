import { createBrowserRouter, Navigate } from 'react-router';
import { RequirePermission } from './auth/AuthContext';
import { AppLayout } from './components/AppLayout';
import { AccountsPage } from './pages/accounts/AccountsPage';
import { ApiTokensPage } from './pages/api-tokens/ApiTokensPage';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { AdvisoriesPage } from './pages/advisories/AdvisoriesPage';
import { AdvisoryDetailPage } from './pages/advisory-detail/AdvisoryDetailPage';
import { AssetDetailPage } from './pages/asset-detail/AssetDetailPage';
import { AssetsPage } from './pages/assets/AssetsPage';
import { DiscoveryPage } from './pages/discovery/DiscoveryPage';
import { FindingDetailPage } from './pages/finding-detail/FindingDetailPage';
import { FindingsPage } from './pages/findings/FindingsPage';
import { NotFoundPage, RouteErrorPage } from './pages/NotFoundPage';
import { ChangePasswordPage } from './pages/password/ChangePasswordPage';
import { IntelStatusPage } from './pages/intel/IntelStatusPage';
import { SbomDetailPage } from './pages/sbom-detail/SbomDetailPage';
import { SbomsPage } from './pages/sboms/SbomsPage';
import { SitesPage } from './pages/sites/SitesPage';
import { VulnerabilitiesPage } from './pages/vulnerabilities/VulnerabilitiesPage';
import { VulnerabilityDetailPage } from './pages/vulnerability-detail/VulnerabilityDetailPage';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <Navigate to="/assets" replace /> },
          { path: 'assets', element: <AssetsPage /> },
          { path: 'assets/:id', element: <AssetDetailPage /> },
          { path: 'sites', element: <SitesPage /> },
          { path: 'vulnerabilities', element: <VulnerabilitiesPage /> },
          { path: 'vulnerabilities/:id', element: <VulnerabilityDetailPage /> },
          { path: 'advisories', element: <AdvisoriesPage /> },
          { path: 'advisories/:id', element: <AdvisoryDetailPage /> },
          { path: 'intel', element: <IntelStatusPage /> },
          { path: 'sboms', element: <SbomsPage /> },
          { path: 'sboms/:id', element: <SbomDetailPage /> },
          { path: 'findings', element: <FindingsPage /> },
          { path: 'findings/:id', element: <FindingDetailPage /> },
          { path: 'discovery', element: <DiscoveryPage /> },
          // The risk area loads when first opened (the dashboard's charts, echarts, in a chunk of their own).
          { path: 'risk', lazy: async () => ({ Component: (await import('./pages/risk/RiskQueuePage')).RiskQueuePage }) },
          { path: 'risk/overdue', lazy: async () => ({ Component: (await import('./pages/risk-overdue/RiskOverduePage')).RiskOverduePage }) },
          { path: 'risk/remediations', lazy: async () => ({ Component: (await import('./pages/risk-remediations/RemediationBoardPage')).RemediationBoardPage }) },
          { path: 'risk/dashboard', lazy: async () => ({ Component: (await import('./pages/risk-dashboard/RiskDashboardPage')).RiskDashboardPage }) },
          { path: 'account/tokens', element: <ApiTokensPage /> },
          { path: 'account/password', element: <ChangePasswordPage /> },
          {
            path: 'admin/accounts',
            element: (
              <RequirePermission permission="admin">
                <AccountsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePermission permission="audit">
                <AuditLogPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
