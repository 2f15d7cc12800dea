import { Code, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AssetDetail, ListAttribute, Provenance, ScalarAttribute } from '../../api/types';
import { LIST_ATTRIBUTES, SCALAR_ATTRIBUTES } from '../../api/types';
import { CriticalityBadge, KindBadge, PurdueBadge } from '../../components/badges';
import { attributeLabel } from '../../lib/format';
import { ProvenanceCells } from './ProvenanceCells';

const MONOSPACE: ReadonlySet<string> = new Set(['firmware', 'hardwareVersion', 'serial', 'hostname', 'externalId', 'ips', 'macs', 'cpes', 'purls']);

/** The display of a scalar attribute's current value, or null when no source stated it. */
function scalarValue(asset: AssetDetail, attribute: ScalarAttribute): ReactNode | null {
  switch (attribute) {
    case 'kind':
      return <KindBadge kind={asset.kind} />;
    case 'criticality':
      return asset.criticality ? <CriticalityBadge criticality={asset.criticality} /> : null;
    case 'site':
      return asset.site?.name ?? null;
    case 'zone':
      return asset.zone ? (
        <Group gap={6} wrap="nowrap">
          <PurdueBadge level={asset.zone.purdueLevel} />
          {asset.zone.name}
        </Group>
      ) : null;
    case 'purdueLevel':
      return asset.purdueLevel ? <PurdueBadge level={asset.purdueLevel} /> : null;
    default: {
      const value = asset[attribute];
      if (value === null || value === undefined || value === '') return null;
      return MONOSPACE.has(attribute) ? <Code className="bw-code">{value}</Code> : value;
    }
  }
}

function AttributeLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" fw={500}>
      {children}
    </Text>
  );
}

function ValueRows({
  attribute,
  label,
  values,
  provenance,
  mono,
}: {
  attribute: string;
  label: string;
  values: string[];
  provenance: Record<string, Provenance> | undefined;
  mono: boolean;
}) {
  return (
    <>
      {values.map((value, index) => (
        <Table.Tr key={value} data-testid={`attr-${attribute}-value`} data-value={value}>
          {index === 0 && (
            <Table.Td rowSpan={values.length} className="bw-attr-label">
              <AttributeLabel>{label}</AttributeLabel>
            </Table.Td>
          )}
          <Table.Td className="bw-attr-value">{mono ? <Code className="bw-code">{value}</Code> : value}</Table.Td>
          <ProvenanceCells provenance={provenance?.[value]} />
        </Table.Tr>
      ))}
    </>
  );
}

/** Every known attribute with its value and where that value came from; list values each carry their own source. */
export function AttributesTable({ asset }: { asset: AssetDetail }) {
  const scalarRows = SCALAR_ATTRIBUTES.map((attribute) => ({ attribute, value: scalarValue(asset, attribute) }));
  const present = scalarRows.filter((row) => row.value !== null);
  const missing = scalarRows.filter((row) => row.value === null).map((row) => attributeLabel(row.attribute));
  // Defensive about absent lists: an older server may omit empty ones.
  const lists = LIST_ATTRIBUTES.filter((attribute: ListAttribute) => (asset[attribute] ?? []).length > 0);
  const customEntries = Object.entries(asset.custom ?? {});

  return (
    <div>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={6} fz="sm" data-testid="attributes-table" className="bw-attr-table bw-thead">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>Attribute</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th w={230}>Source</Table.Th>
              <Table.Th w={100}>Observed</Table.Th>
              <Table.Th w={96}>Confidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {present.map(({ attribute, value }) => (
              <Table.Tr key={attribute} data-testid={`attr-${attribute}`}>
                <Table.Td className="bw-attr-label">
                  <AttributeLabel>{attributeLabel(attribute)}</AttributeLabel>
                </Table.Td>
                <Table.Td className="bw-attr-value" data-testid="attr-value">
                  {value}
                </Table.Td>
                <ProvenanceCells provenance={asset.provenance[attribute]} />
              </Table.Tr>
            ))}
            {lists.map((attribute) => (
              <ValueRows
                key={attribute}
                attribute={attribute}
                label={attributeLabel(attribute)}
                values={asset[attribute]}
                provenance={asset.provenance[attribute]}
                mono={MONOSPACE.has(attribute)}
              />
            ))}
          </Table.Tbody>
          {customEntries.length > 0 && (
            <Table.Tbody data-testid="custom-attributes">
              <Table.Tr>
                <Table.Td colSpan={5} className="bw-attr-section">
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                    Custom attributes
                  </Text>
                </Table.Td>
              </Table.Tr>
              {customEntries.map(([key, value]) => (
                <Table.Tr key={key} data-testid="attr-custom">
                  <Table.Td className="bw-attr-label">
                    <AttributeLabel>{key}</AttributeLabel>
                  </Table.Td>
                  <Table.Td className="bw-attr-value">{value}</Table.Td>
                  <ProvenanceCells provenance={asset.provenance.custom?.[key]} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          )}
        </Table>
      </Table.ScrollContainer>
      {missing.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs" px="sm">
          Not stated by any source: {missing.join(', ')}.
        </Text>
      )}
    </div>
  );
}
