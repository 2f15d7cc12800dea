import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List state that lives in the URL: every change is a navigation, so links share and Back undoes.
 * Updates are functions of the state and start from the URL as it is at that moment, not from
 * the last render: a click landing between a URL change and its re-render (a debounced search
 * committing, then a filter toggled) must not undo the first change.
 */
export function useUrlQuery<Q>(
  parse: (params: URLSearchParams) => Q,
  toUrl: (query: Q) => URLSearchParams,
): [Q, (update: (current: Q) => Q) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = useMemo(() => parse(searchParams), [searchParams, parse]);
  const update = useCallback(
    (fn: (current: Q) => Q) => setSearchParams(toUrl(fn(parse(new URLSearchParams(window.location.search))))),
    [setSearchParams, parse, toUrl],
  );
  return [query, update];
}
