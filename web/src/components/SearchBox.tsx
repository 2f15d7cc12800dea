import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SearchIcon } from './icons';

const DEBOUNCE_MS = 300;

/**
 * Free-text search that only commits after the user pauses typing, so 100k-asset queries are not
 * fired on every keystroke. The committed value lives in the URL; when it changes from outside
 * (back button, shared link) the box follows it.
 */
export function SearchBox({
  value,
  onCommit,
  label = 'Search assets',
  placeholder = 'Search name, IP, MAC, vendor, model, firmware…',
  testId = 'asset-search',
  width = 340,
}: {
  value: string;
  onCommit: (value: string) => void;
  label?: string;
  placeholder?: string;
  testId?: string;
  /** Width from the `sm` breakpoint up (full width below). */
  width?: number;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, DEBOUNCE_MS);

  useEffect(() => {
    setText(value);
  }, [value]);

  useEffect(() => {
    // Commit only once typing has settled (debounced caught up with text) and it differs from the URL.
    if (debounced === text && debounced.trim() !== value) onCommit(debounced.trim());
    // Deliberately keyed on the debounced value only: URL changes must not re-commit stale text.
  }, [debounced]);

  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<SearchIcon size={16} />}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onCommit(text.trim());
        if (event.key === 'Escape') {
          setText('');
          onCommit('');
        }
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              onCommit('');
            }}
          />
        ) : null
      }
      w={{ base: '100%', sm: width }}
      data-testid={testId}
    />
  );
}
