import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { ASSET_KINDS, CRITICALITIES, type Asset } from '../../model/asset.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import { exportInventory, importInventoryFile, type ImportReport } from '../../services/inventory.js';
import type { Store } from '../../store/database.js';
import { ASSET_SORT_KEYS, assetToFacts, getAsset, listAssets, listObservations, type AssetSortKey } from '../../store/repositories/assets.js';
import { withStore } from '../context.js';
import { printJson, printTable, progress } from '../output.js';
import { cliScope } from '../scope.js';

type Globals = { db?: string };

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

async function findAsset(store: Store, ref: string): Promise<Asset> {
  const byId = await getAsset(store.db, await cliScope(store), ref);
  if (byId) return byId;
  // People type the name or the CMMS tag more often than the id.
  const row = await store.db
    .selectFrom('assets')
    .select('id')
    .where((eb) => eb.or([eb('external_id', '=', ref), eb('name', '=', ref)]))
    .limit(2)
    .execute();
  if (row.length === 1) return (await getAsset(store.db, await cliScope(store), row[0]!.id))!;
  if (row.length > 1) throw new InputError(`"${ref}" names more than one asset; use its id`, { code: 'ambiguous-reference' });
  throw new NotFoundError('asset', ref);
}

function readInput(file: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'unreadable-file' });
  }
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

export function registerAssetCommands(program: Command): void {
  const assets = program.command('assets').description('the asset inventory');
  const globals = () => program.opts<Globals>();

  assets
    .command('import')
    .description('import assets from a CSV or JSON file (- for stdin); atomic: a file with any bad row changes nothing')
    .argument('<file>', 'CSV (header row) or JSON (array of assets)')
    .option('--site <name>', 'site for records that name none')
    .addOption(new Option('--format <format>', 'input format (default: detected from content)').choices(['csv', 'json']))
    .option('--dry-run', 'show what would change without writing')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, opts: { site?: string; format?: 'csv' | 'json'; dryRun?: boolean; json?: boolean }) => {
      const bytes = readInput(file);
      await withStore(globals().db, async (store) => {
        const bar = progress('writing');
        try {
          const report = await importInventoryFile(store, bytes, {
            scope: await cliScope(store), sourceName: file === '-' ? 'stdin' : file.split(/[\\/]/).pop()!,
            format: opts.format,
            site: opts.site,
            dryRun: opts.dryRun,
            onProgress: (d, t) => bar.update(d, t),
          });
          bar.stop();
          if (opts.json) printJson(report);
          else printReport(report);
        } finally {
          bar.stop();
        }
      });
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
    .option('--limit <n>', 'page size (0 = all)', (v) => parsePositive(v, '--limit'), 0)
    .option('--offset <n>', 'skip this many', (v) => parsePositive(v, '--offset'), 0)
    .action(async (opts: Record<string, string | number | boolean | undefined>) => {
      await withStore(globals().db, async (store) => {
        const sort = String(opts.sort);
        const { items, total } = await listAssets(store.db, await cliScope(store), {
          q: opts.query as string | undefined,
          kind: opts.kind as string | undefined,
          site: opts.site as string | undefined,
          zone: opts.zone as string | undefined,
          criticality: opts.criticality as string | undefined,
          vendor: opts.vendor as string | undefined,
          ip: opts.ip as string | undefined,
          mac: opts.mac as string | undefined,
          tag: opts.tag as string | undefined,
          sort: sort.replace(/^-/, '') as AssetSortKey,
          descending: sort.startsWith('-'),
          limit: (opts.limit as number) || 1_000_000_000,
          offset: opts.offset as number,
        });
        if (opts.json) return printJson(items.map(assetJson));
        printTable(
          ['id', 'name', 'kind', 'vendor', 'model', 'firmware', 'ip', 'site', 'zone', 'criticality'],
          items.map((a) => [a.id, a.name, a.kind, a.vendor, a.model, a.firmware, a.ips.join(' '), a.site?.name, a.zone?.name, a.criticality]),
        );
        process.stdout.write(`${items.length} of ${total} asset(s)\n`);
      });
    });

  assets
    .command('show')
    .description('one asset, with where each attribute came from')
    .argument('<ref>', 'asset id, external id or exact name')
    .option('--json', 'print JSON (with provenance and observations)')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withStore(globals().db, async (store) => {
        const a = await findAsset(store, ref);
        const observations = await listObservations(store.db, await cliScope(store), a.id);
        if (opts.json) return printJson({ ...assetJson(a), provenance: a.provenance, observations });
        const facts = assetToFacts(a) as Record<string, unknown>;
        const rows: string[][] = [];
        for (const [attr, value] of Object.entries(facts)) {
          if (attr === 'custom') continue;
          const p = (a.provenance as Record<string, unknown>)[attr];
          if (Array.isArray(value)) {
            for (const v of value) {
              const pv = (p as Record<string, { sourceKind: string; sourceName: string; observedAt: string }> | undefined)?.[v];
              rows.push([attr, v, pv ? `${pv.sourceKind}: ${pv.sourceName}` : '', pv?.observedAt ?? '']);
            }
          } else {
            const ps = p as { sourceKind: string; sourceName: string; observedAt: string } | undefined;
            rows.push([attr, String(value), ps ? `${ps.sourceKind}: ${ps.sourceName}` : '', ps?.observedAt ?? '']);
          }
        }
        for (const [k, v] of Object.entries(a.custom)) {
          const pv = a.provenance.custom?.[k];
          rows.push([`custom.${k}`, v, pv ? `${pv.sourceKind}: ${pv.sourceName}` : '', pv?.observedAt ?? '']);
        }
        process.stdout.write(`${a.name} (${a.id})\n`);
        printTable(['attribute', 'value', 'source', 'observed'], rows);
        process.stdout.write(`${observations.length} observation(s)\n`);
      });
    });

  assets
    .command('export')
    .description('export the inventory (re-importable)')
    .addOption(new Option('--format <format>').choices(['csv', 'json']).default('csv'))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(async (opts: { format: 'csv' | 'json'; out?: string }) => {
      await withStore(globals().db, async (store) => {
        const text = await exportInventory(store, await cliScope(store), opts.format);
        if (opts.out) await writeFile(opts.out, text);
        else process.stdout.write(text);
      });
    });
}

function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`${flag} must be a whole number ≥ 0, not "${v}"`, { code: 'bad-usage' });
  return n;
}
