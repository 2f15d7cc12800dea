import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { AssetDetailPage } from './pages/asset-detail/AssetDetailPage';
import { AssetsPage } from './pages/assets/AssetsPage';
import { NotFoundPage, RouteErrorPage } from './pages/NotFoundPage';
import { SitesPage } from './pages/sites/SitesPage';

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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
