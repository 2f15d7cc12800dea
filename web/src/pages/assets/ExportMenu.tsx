import { Button, Menu } from '@mantine/core';
import { exportUrl } from '../../api/queries';
import { ChevronDownIcon, DownloadIcon } from '../../components/icons';

export function ExportMenu() {
  return (
    <Menu position="bottom-end" shadow="md" width={200}>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<DownloadIcon size={16} />}
          rightSection={<ChevronDownIcon size={14} />}
          data-testid="export-menu"
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Whole inventory</Menu.Label>
        <Menu.Item component="a" href={exportUrl('csv')} download data-testid="export-csv">
          CSV (spreadsheet)
        </Menu.Item>
        <Menu.Item component="a" href={exportUrl('json')} download data-testid="export-json">
          JSON
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
