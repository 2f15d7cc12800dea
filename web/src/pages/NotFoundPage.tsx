import { Button } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { EmptyView, ErrorAlert } from '../components/states';

export function NotFoundPage() {
  return (
    <EmptyView
      title="Page not found"
      description="There is nothing at this address."
      action={
        <Button component={Link} to="/assets" variant="light">
          Go to assets
        </Button>
      }
      testId="page-not-found"
    />
  );
}

/** Shown when rendering a route throws; keeps the shell usable instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <ErrorAlert error={error instanceof Error ? error : new Error(String(error))} title="This page failed to render" />;
}
