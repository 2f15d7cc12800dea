import { Group, Paper, ScrollArea, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Device, Flow, InventoryMatch } from './types';
import { layoutNetwork, protocolColor, RISKY_COLOR, type MapEdge, type MapNode } from './layout';

const KIND_FILL: Record<string, string> = {
  plc: '#4c6ef5', rtu: '#7950f2', hmi: '#15aabf', ews: '#be4bdb', historian: '#12b886', server: '#228be6', ied: '#82c91e',
  network: '#fd7e14', io: '#fab005', drive: '#e64980', controller: '#4c6ef5',
};

function edgePath(edge: MapEdge, from: MapNode, to: MapNode): string {
  // Parallel edges between the same pair bend apart: lane 0 straight, then alternating sides.
  if (edge.lane === 0) return `M${from.x},${from.y} L${to.x},${to.y}`;
  const side = edge.lane % 2 === 1 ? 1 : -1;
  const offset = Math.ceil(edge.lane / 2) * 26 * side;
  const mx = (from.x + to.x) / 2;
  const my = (from.y + to.y) / 2;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  return `M${from.x},${from.y} Q${mx - (dy / length) * offset},${my + (dx / length) * offset} ${to.x},${to.y}`;
}

/** Devices as nodes grouped by zone (from the inventory) or subnet, flows as edges by protocol; risky operations in red. */
export function NetworkMap({ devices, flows, inventory }: { devices: Device[]; flows: Flow[]; inventory: Record<string, InventoryMatch> }) {
  const layout = useMemo(
    () =>
      layoutNetwork(devices, flows, (d) => {
        const match = inventory[d.id];
        return match?.zone ? { zone: match.zone, site: match.site } : null;
      }),
    [devices, flows, inventory],
  );
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const riskyCount = layout.edges.filter((e) => e.risky).length;

  return (
    <Paper withBorder radius="md" className="bw-panel" data-testid="discovery-map-panel">
      <ScrollArea type="auto" offsetScrollbars>
        <svg
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label={`Network map: ${layout.nodes.length} nodes, ${layout.edges.length} connections`}
          data-testid="discovery-map"
          data-nodes={layout.nodes.length}
          data-edges={layout.edges.length}
          style={{ display: 'block', fontFamily: 'inherit' }}
        >
          <defs>
            <marker id="bw-arrow" viewBox="0 0 10 10" refX="28" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="var(--mantine-color-dimmed)" />
            </marker>
            <marker id="bw-arrow-risky" viewBox="0 0 10 10" refX="28" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={RISKY_COLOR} />
            </marker>
          </defs>
          {layout.groups.map((g) => (
            <g key={g.id} data-testid="map-group" data-group={g.id} data-source={g.source}>
              <rect
                x={g.x}
                y={g.y}
                width={g.width}
                height={g.height}
                rx={10}
                fill="var(--mantine-color-default-hover)"
                stroke="var(--mantine-color-default-border)"
                strokeDasharray={g.source === 'zone' ? undefined : '6 4'}
              />
              <text x={g.x + 12} y={g.y + 22} fontSize={13} fontWeight={600} fill="var(--mantine-color-text)">
                {g.label}
                <tspan fontWeight={400} fill="var(--mantine-color-dimmed)">
                  {g.source === 'zone' ? '  zone' : g.source === 'subnet' ? '  subnet' : ''}
                </tspan>
              </text>
            </g>
          ))}
          {layout.edges.map((e) => {
            const from = byId.get(e.source);
            const to = byId.get(e.target);
            if (!from || !to) return null;
            const color = e.risky ? RISKY_COLOR : protocolColor(e.protocol, layout.protocols);
            return (
              <path
                key={e.id}
                d={edgePath(e, from, to)}
                fill="none"
                stroke={color}
                strokeWidth={e.risky ? 3 : 1.8}
                strokeOpacity={0.85}
                markerEnd={e.risky ? 'url(#bw-arrow-risky)' : 'url(#bw-arrow)'}
                data-testid="map-edge"
                data-protocol={e.protocol}
                data-risky={String(e.risky)}
                data-source={e.source}
                data-target={e.target}
              >
                <title>{`${from.sublabel || from.label} → ${to.sublabel || to.label}: ${e.protocol}${e.operations.length ? ` (${e.operations.join(', ')})` : ''}, ${e.packets} packets`}</title>
              </path>
            );
          })}
          {layout.nodes.map((n) => (
            <g key={n.id} transform={`translate(${n.x},${n.y})`} data-testid="map-node" data-node-id={n.id} data-kind={n.kind} data-device={String(n.device)}>
              <title>{`${n.label}${n.sublabel ? ` (${n.sublabel})` : ''} — ${n.kind}`}</title>
              <circle
                r={18}
                fill={n.device ? (KIND_FILL[n.kind] ?? '#868e96') : 'var(--mantine-color-body)'}
                stroke={n.device ? 'var(--mantine-color-body)' : '#868e96'}
                strokeWidth={2}
                strokeDasharray={n.device ? undefined : '3 3'}
              />
              <text textAnchor="middle" dy={4} fontSize={9} fontWeight={700} fill={n.device ? '#fff' : 'var(--mantine-color-dimmed)'}>
                {(n.kind === 'unknown' ? '?' : n.kind).slice(0, 4).toUpperCase()}
              </text>
              <text textAnchor="middle" y={33} fontSize={11} fill="var(--mantine-color-text)">
                {n.label.length > 22 ? `${n.label.slice(0, 21)}…` : n.label}
              </text>
              {n.sublabel && n.sublabel !== n.label && (
                <text textAnchor="middle" y={46} fontSize={10} fill="var(--mantine-color-dimmed)">
                  {n.sublabel}
                </text>
              )}
            </g>
          ))}
        </svg>
      </ScrollArea>
      <Group gap="md" px="md" py="xs" className="bw-section-head" data-testid="discovery-map-legend" wrap="wrap">
        <Group gap={6} wrap="nowrap" data-testid="legend-risky">
          <svg width={26} height={8} aria-hidden>
            <line x1={0} y1={4} x2={26} y2={4} stroke={RISKY_COLOR} strokeWidth={3} />
          </svg>
          <Text size="xs">writes, program downloads, firmware updates, stop/start{riskyCount > 0 ? ` (${riskyCount})` : ''}</Text>
        </Group>
        {layout.protocols.map((p) => (
          <Group key={p} gap={6} wrap="nowrap" data-testid="legend-protocol" data-protocol={p}>
            <svg width={26} height={8} aria-hidden>
              <line x1={0} y1={4} x2={26} y2={4} stroke={protocolColor(p, layout.protocols)} strokeWidth={2} />
            </svg>
            <Text size="xs">{p}</Text>
          </Group>
        ))}
        <Group gap={6} wrap="nowrap">
          <svg width={16} height={16} aria-hidden>
            <circle cx={8} cy={8} r={6} fill="none" stroke="#868e96" strokeDasharray="3 3" strokeWidth={1.5} />
          </svg>
          <Text size="xs">address without an identified device</Text>
        </Group>
        <Text size="xs" c="dimmed">
          Arrows point from client to server. Dashed boxes are /24 subnets; solid boxes are zones from the inventory.
        </Text>
      </Group>
    </Paper>
  );
}
