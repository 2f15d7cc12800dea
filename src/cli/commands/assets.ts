import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { detectInventoryFormat } from '../../formats/inventory/read.js';
import { ASSET_KINDS, CRITICALITIES, type Asset, type AssetDetail, type Observation } from '../../model/asset.js';
import { NotFoundError } from '../../model/errors.js';
import { exportInventory, importInventoryFile, type ImportReport } from '../../services/inventory.js';
import type { Scope } from '../../model/scope.js';
import type { Store } from '../../store/database.js';
import { ASSET_SORT_KEYS, assetToFacts, getAsset, listAssets, listObservations, type AssetQuery, type AssetSortKey } from '../../store/repositories/assets.js';
import { withTarget, type GlobalOptions } from '../context.js';
import { readInputFile, singleMatch, upload, wholeNumber } from '../input.js';
import { printJson, printTable, withProgress } from '../output.js';
import type { RemoteClient } from '../remote/client.js';

/** The stable JSON shape of an asset on the command line (documented in the README). */
// Every key is always present (null or [] when unknown) so that scripts can rely on the shape.
export function assetJson(a: Asset): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    externalId: a.externalId,
    kind: a.kind,
    vendor: a.vendor,
    model: a.model,
    firmware: a.firmware,
    hardwareVersion: a.hardwareVersion,
    serial: a.serial,
    ips: a.ips,
    macs: a.macs,
    hostname: a.hostname,
    site: a.site?.name ?? null,
    zone: a.zone?.name ?? null,
    purdueLevel: a.purdueLevel,
    criticality: a.criticality,
    owner: a.owner,
    country: a.country,
    cpes: a.cpes,
    purls: a.purls,
    tags: a.tags,
    custom: a.custom,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** An asset by id, external id (CMMS tag) or exact name: people type the latter more often than the id. */
async function findAsset(store: Store, scope: Scope, ref: string): Promise<Asset> {
  const byId = await getAsset(store.db, scope, ref);
  if (byId) return byId;
  const rows = await store.db
    .selectFrom('assets')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .where((eb) => eb.or([eb('external_id', '=', ref), eb('name', '=', ref)]))
    .limit(2)
    .execute();
  const found = await getAsset(store.db, scope, singleMatch(rows, 'asset', ref).id);
  if (!found) throw new NotFoundError('asset', ref);
  return found;
}

async function findAssetRemote(api: RemoteClient, ref: string): Promise<AssetDetail> {
  try {
    return await api.get<AssetDetail>(`/api/assets/${encodeURIComponent(ref)}`);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const { items } = await api.pages<Asset>('/api/assets', { q: ref }, { want: 0 });
  const match = singleMatch(items.filter((a) => a.externalId === ref || a.name === ref), 'asset', ref);
  return api.get<AssetDetail>(`/api/assets/${encodeURIComponent(match.id)}`);
}

function printReport(r: ImportReport): void {
  const verb = r.dryRun ? 'would be' : 'were';
  process.stdout.write(
    `${r.source}: ${r.total} record(s): ${r.created} ${verb} created, ${r.updated} ${verb} updated, ${r.unchanged} unchanged${r.dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
  const shown = r.changes.filter((c) => c.action !== 'unchanged').slice(0, r.dryRun ? 200 : 20);
  for (const c of shown) {
    process.stdout.write(`  line ${c.line}: ${c.action} ${c.name}${c.changed.length && c.action === 'update' ? ` (${c.changed.join(', ')})` : ''}\n`);
  }
}

function printAsset(a: Asset, observations: Observation[], json: boolean | undefined): void {
  if (json) return printJson({ ...assetJson(a), provenance: a.provenance, observations });
  const facts = assetToFacts(a) as Record<string, unknown>;
  const rows: string[][] = [];
  type Source = { sourceKind: string; sourceName: string; observedAt: string } | undefined;
  const row = (attr: string, value: string, p: Source) => rows.push([attr, value, p ? `${p.sourceKind}: ${p.sourceName}` : '', p?.observedAt ?? '']);
  for (const [attr, value] of Object.entries(facts)) {
    if (attr === 'custom') continue;
    const p = (a.provenance as Record<string, unknown>)[attr];
    if (Array.isArray(value)) for (const v of value) row(attr, v, (p as Record<string, Source> | undefined)?.[v]);
    else row(attr, String(value), p as Source);
  }
  for (const [k, v] of Object.entries(a.custom)) row(`custom.${k}`, v, a.provenance.custom?.[k]);
  process.stdout.write(`${a.name} (${a.id})\n`);
  printTable(['attribute', 'value', 'source', 'observed'], rows);
  process.stdout.write(`${observations.length} observation(s)\n`);
}

/** The API's list leaves out custom attributes; the export has them, by id. */
async function withCustom(api: RemoteClient, items: Asset[]): Promise<Asset[]> {
  if (items.length === 0) return items;
  const exported = JSON.parse(await api.text('/api/assets/export', { format: 'json' })) as Array<{ id: string; custom?: Record<string, string> }>;
  const custom = new Map(exported.map((e) => [e.id, e.custom ?? {}]));
  return items.map((a) => ({ ...a, custom: custom.get(a.id) ?? {} }));
}

export function registerAssetCommands(program: Command): void {
  const assets = program.command('assets').description('the asset inventory');
  const globals = () => program.opts<GlobalOptions>();

  assets
    .command('import')
    .description('import assets from a CSV or JSON file (- for stdin); atomic: a file with any bad row changes nothing')
    .argument('<file>', 'CSV (header row) or JSON (array of assets)')
    .option('--site <name>', 'site for records that name none')
    .addOption(new Option('--format <format>', 'input format (default: detected from content)').choices(['csv', 'json']))
    .option('--dry-run', 'show what would change without writing')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, opts: { site?: string; format?: 'csv' | 'json'; dryRun?: boolean; json?: boolean }) => {
      const input = readInputFile(file);
      const report = await withTarget(globals(), {
        local: (store, scope) =>
          withProgress('writing', (onProgress) =>
            importInventoryFile(store, input.bytes, { scope, sourceName: input.name, format: opts.format, site: opts.site, dryRun: opts.dryRun, onProgress }),
          ),
        // The format is detected here as locally: the server would go by the file name.
        remote: (api) =>
          api.upload<ImportReport>('/api/assets/import', [upload(input)], { site: opts.site, dryRun: opts.dryRun, format: opts.format ?? detectInventoryFormat(input.bytes) }),
      });
      if (opts.json) printJson(report);
      else printReport(report);
    });

  assets
    .command('list')
    .description('list assets, filtered and sorted')
    .option('--json', 'print a JSON array of assets')
    .option('-q, --query <text>', 'text in name, vendor, model, firmware, serial, hostname, addresses, tags')
    .addOption(new Option('--kind <kind>').choices([...ASSET_KINDS]))
    .option('--site <name>')
    .option('--zone <name>')
    .addOption(new Option('--criticality <level>').choices([...CRITICALITIES]))
    .option('--vendor <name>')
    .option('--ip <address>')
    .option('--mac <address>')
    .option('--tag <tag>')
    .addOption(new Option('--sort <column>', 'sort column, - prefix for descending').choices(ASSET_SORT_KEYS.flatMap((k) => [k, `-${k}`])).default('name'))
    .option('--limit <n>', 'page size (0 = all)', (v) => wholeNumber('--limit', v), 0)
    .option('--offset <n>', 'skip this many', (v) => wholeNumber('--offset', v), 0)
    .action(async (opts: { json?: boolean; query?: string; kind?: string; site?: string; zone?: string; criticality?: string; vendor?: string; ip?: string; mac?: string; tag?: string; sort: string; limit: number; offset: number }) => {
      const filters = { q: opts.query, kind: opts.kind, site: opts.site, zone: opts.zone, criticality: opts.criticality, vendor: opts.vendor, ip: opts.ip, mac: opts.mac, tag: opts.tag };
      const query: AssetQuery = { ...filters, sort: opts.sort.replace(/^-/, '') as AssetSortKey, descending: opts.sort.startsWith('-'), limit: opts.limit || 1_000_000_000, offset: opts.offset };
      const { items, total } = await withTarget(globals(), {
        local: (store, scope) => listAssets(store.db, scope, query),
        remote: async (api) => {
          const page = await api.pages<Asset>('/api/assets', { ...filters, sort: opts.sort }, { want: opts.limit, offset: opts.offset });
          return opts.json ? { items: await withCustom(api, page.items), total: page.total } : page;
        },
      });
      if (opts.json) return printJson(items.map(assetJson));
      printTable(
        ['id', 'name', 'kind', 'vendor', 'model', 'firmware', 'ip', 'site', 'zone', 'criticality'],
        items.map((a) => [a.id, a.name, a.kind, a.vendor, a.model, a.firmware, a.ips.join(' '), a.site?.name, a.zone?.name, a.criticality]),
      );
      process.stdout.write(`${items.length} of ${total} asset(s)\n`);
    });

  assets
    .command('show')
    .description('one asset, with where each attribute came from')
    .argument('<ref>', 'asset id, external id or exact name')
    .option('--json', 'print JSON (with provenance and observations)')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { asset, observations } = await withTarget(globals(), {
        local: async (store, scope) => {
          const a = await findAsset(store, scope, ref);
          return { asset: a, observations: await listObservations(store.db, scope, a.id) };
        },
        remote: async (api) => {
          const { observations: obs, ...a } = await findAssetRemote(api, ref);
          return { asset: a, observations: obs };
        },
      });
      printAsset(asset, observations, opts.json);
    });

  assets
    .command('export')
    .description('export the inventory (re-importable)')
    .addOption(new Option('--format <format>').choices(['csv', 'json']).default('csv'))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(async (opts: { format: 'csv' | 'json'; out?: string }) => {
      const text = await withTarget(globals(), {
        local: (store, scope) => exportInventory(store, scope, opts.format),
        remote: (api) => api.text('/api/assets/export', { format: opts.format }),
      });
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });
}
