import { Badge, createTheme, Tooltip } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  // Prefer the platform UI fonts; on Linux, Liberation Sans is denser than the usual DejaVu fallback.
  fontFamily:
    'Inter, "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "Liberation Sans", Arial, system-ui, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    // Badges carry meaning (kind, criticality, source); they must never be squeezed into an ellipsis.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, overflow: 'visible' } } }),
    Tooltip: Tooltip.extend({ defaultProps: { fz: 'xs' } }),
  },
});
