import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { COMPONENT_ELEMENTS, type SbomQualityReport } from '../../engine/sbom/quality.js';
import { formatIssue, InputError, NotFoundError } from '../../model/errors.js';
import type { SbomIssue } from '../../model/sbom.js';
import {
  diffSbomSources,
  EXPORT_FORMATS,
  exportSbom,
  formatProductSpec,
  importSbom,
  parseProductSpec,
  sbomQuality,
  type DiffSide,
  type ExportFormat,
  type SbomDiffReport,
  type SbomImportReport,
} from '../../services/sbom.js';
import {
  getSbom,
  listComponents,
  listSboms,
  normaliseKey,
  sameVersion,
  type ProductVersionSpec,
  type ProductVersionSummary,
  type SbomDetail,
  type SbomSummary,
  type StoredQuality,
} from '../../store/repositories/sbom.js';
import type { Scope } from '../../model/scope.js';
import type { Store } from '../../store/database.js';
import { withTarget, type GlobalOptions } from '../context.js';
import { readInputFile, upload } from '../input.js';
import { printIssues, printJson, printTable } from '../output.js';
import type { RemoteClient } from '../remote/client.js';

type Component = Awaited<ReturnType<typeof listComponents>>['items'][number];

const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`);

function printImport(r: SbomImportReport): void {
  const where = r.productVersion
    ? `product ${formatProductSpec(r.productVersion)} (inherited by ${r.inheritedBy} asset${r.inheritedBy === 1 ? '' : 's'})`
    : r.asset
      ? `asset ${r.asset.name}`
      : 'no product or asset';
  const what = r.kind === 'vex' ? `${r.vexStatements} VEX statement(s)` : `${r.components} component(s), ${r.dependencies} dependency edge(s)${r.aiComponents ? `, ${r.aiComponents} AI component(s)` : ''}${r.vexStatements ? `, ${r.vexStatements} VEX statement(s)` : ''}`;
  process.stdout.write(`${r.status === 'unchanged' ? 'unchanged (already imported)' : 'imported'} ${r.sourceName}: ${r.format} ${r.specVersion} ${r.encoding}, ${what}; attached to ${where}\n`);
  process.stdout.write(`id ${r.id}\n`);
  if (r.quality) process.stdout.write(`quality: NTIA ${percent(r.quality.ntiaScore)}, NTIA + CISA ${percent(r.quality.cisaScore)}; ${r.quality.componentsWithGaps} component(s) lack an element\n`);
  if (r.issueCount > 0) {
    process.stderr.write(`${r.issueCount} warning(s):\n`);
    printIssues(r.issues, 20);
  }
}

function printQuality(q: SbomQualityReport | StoredQuality, gaps: Array<{ name: string; version?: string | null; missing: string[] }>, totalGaps: number): void {
  process.stdout.write(`NTIA minimum elements: ${percent(q.ntiaScore)}; with the CISA 2025 additions: ${percent(q.cisaScore)} (${q.componentCount} components)\n`);
  printTable(
    ['element', 'standard', 'components with it', 'coverage'],
    q.components.map((c) => [c.element, c.standard, `${c.present}/${c.total}`, percent(c.ratio)]),
  );
  printTable(['document element', 'standard', 'present', 'note'], q.document.map((d) => [d.element, d.standard, d.present ? 'yes' : 'no', d.note ?? '']));
  if (gaps.length > 0) {
    process.stdout.write(`components lacking elements (${totalGaps}):\n`);
    for (const g of gaps) process.stdout.write(`  ${g.name}${g.version ? ` ${g.version}` : ''}: ${g.missing.join(', ')}\n`);
    if (totalGaps > gaps.length) process.stdout.write(`  … and ${totalGaps - gaps.length} more (use --json for all)\n`);
  }
}

function printWarnings(issues: SbomIssue[]): void {
  if (issues.length === 0) return;
  process.stderr.write(`${issues.length} issue(s):\n`);
  for (const i of issues.slice(0, 20)) process.stderr.write(`  ${i.severity}: ${formatIssue(i)}\n`);
}

/** A diff side: an existing file, else a product spec (has slashes), else a stored SBOM id. */
function diffSide(arg: string): DiffSide {
  if (arg === '-' || (existsSync(arg) && statSync(arg).isFile())) return { file: readInputFile(arg) };
  if (arg.includes('/')) {
    if (/\.(json|xml|spdx)$/i.test(arg)) throw new InputError(`cannot read ${arg}: ENOENT`, { code: 'unreadable-file' });
    return { product: parseProductSpec(arg) };
  }
  return { sbomId: arg };
}

function printDiff(d: SbomDiffReport): void {
  process.stdout.write(`${d.before} → ${d.after}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged\n`);
  for (const c of d.added) process.stdout.write(`+ ${c.name} ${c.version ?? ''}${c.purl ? `  ${c.purl}` : ''}\n`);
  for (const c of d.removed) process.stdout.write(`- ${c.name} ${c.version ?? ''}${c.purl ? `  ${c.purl}` : ''}\n`);
  for (const c of d.changed) {
    const what = c.changes.map((x) => (x.field === 'version' ? `version ${x.before ?? '—'} → ${x.after ?? '—'}` : x.field)).join(', ');
    process.stdout.write(`~ ${c.after.name}: ${what}\n`);
  }
}

function printStoredQuality(s: SbomDetail, gaps: Component[], json: boolean | undefined): void {
  if (json) return printJson({ name: s.name, format: s.format, specVersion: s.specVersion, quality: s.quality, gaps: gaps.map((c) => ({ ref: c.ref, name: c.name, version: c.version, missing: c.missing })) });
  if (!s.quality) process.stdout.write('a VEX document: it lists no components to score\n');
  else printQuality(s.quality, gaps, s.quality.gapCount);
}

function printList(items: SbomSummary[], total: number, json: boolean | undefined): void {
  if (json) return printJson(items);
  printTable(
    ['id', 'name', 'format', 'attached to', 'components', 'NTIA', 'imported'],
    items.map((s) => [
      s.id,
      s.name,
      `${s.format} ${s.specVersion}${s.kind === 'vex' ? ' (VEX)' : ''}`,
      s.productVersion ? formatProductSpec(s.productVersion) : s.asset ? `asset ${s.asset.name}` : '',
      s.kind === 'vex' ? `${s.vexCount} statements` : s.componentCount,
      percent(s.ntiaScore),
      s.importedAt,
    ]),
  );
  if (total > items.length) process.stdout.write(`${items.length} of ${total} shown\n`);
}

function printShow(s: SbomDetail, components: { items: Component[]; total: number }, json: boolean | undefined): void {
  if (json) return printJson({ ...s, components: components.items });
  const lines = [
    `${s.name} — ${s.format} ${s.specVersion} ${s.encoding}${s.kind === 'vex' ? ' (VEX)' : ''}`,
    `file ${s.sourceName}, ${s.documentSize} bytes, sha256 ${s.contentHash}${s.documentKept ? '' : ' (original not kept)'}`,
    `attached to ${s.productVersion ? `product ${formatProductSpec(s.productVersion)}` : s.asset ? `asset ${s.asset.name} (${s.asset.id})` : 'nothing'}`,
    s.subject ? `describes ${s.subject.name}${s.subject.version ? ` ${s.subject.version}` : ''}` : null,
    `${s.componentCount} components, ${s.dependencyCount} dependency edges, ${s.aiCount} AI components, ${s.vexCount} VEX statements, ${s.issueCount} issues`,
    s.metadata.timestamp ? `created ${s.metadata.timestamp}` : null,
    s.metadata.tools.length ? `tools: ${s.metadata.tools.map((t) => `${t.name}${t.version ? ` ${t.version}` : ''}`).join(', ')}` : null,
    s.quality ? `quality: NTIA ${percent(s.quality.ntiaScore)}, NTIA + CISA ${percent(s.quality.cisaScore)}; ${s.quality.gapCount} components lack an element` : null,
    `imported ${s.importedAt}`,
  ];
  process.stdout.write(lines.filter((l) => l !== null).join('\n') + '\n');
  if (components.items.length > 0) {
    printTable(
      ['component', 'version', 'type', 'purl', 'licences', 'missing'],
      components.items.map((c) => [`${'  '.repeat(c.depth)}${c.group ? `${c.group}/` : ''}${c.name}`, c.version, c.type, c.purl, c.licenses.join(', '), c.missing.join(', ')]),
    );
    if (components.total > components.items.length) process.stdout.write(`${components.items.length} of ${components.total} components shown (use --json for all)\n`);
  }
  if (s.quality) {
    process.stdout.write(`coverage: ${COMPONENT_ELEMENTS.map(({ element }) => `${element} ${percent(s.quality!.components.find((c) => c.element === element)?.ratio)}`).join(', ')}\n`);
  }
}

// ---- the remote path ----

/** The stored product version a VENDOR/PRODUCT/VERSION names, found as the store finds it. */
async function productVersionId(api: RemoteClient, spec: ProductVersionSpec): Promise<string> {
  const { items } = await api.get<{ items: ProductVersionSummary[] }>('/api/product-versions');
  const same = items.filter((pv) => normaliseKey(pv.vendor) === normaliseKey(spec.vendor) && normaliseKey(pv.product) === normaliseKey(spec.product));
  const hit = same.find((pv) => normaliseKey(pv.version) === normaliseKey(spec.version)) ?? same.find((pv) => sameVersion(pv.version, spec.version));
  if (!hit) throw new NotFoundError('product version', formatProductSpec(spec));
  return hit.id;
}

async function remoteDiffId(api: RemoteClient, side: DiffSide): Promise<string> {
  if ('file' in side) {
    throw new InputError(`comparing the file ${side.file.name} with a stored SBOM works on a local database only: import it first (bulwark sbom import), or give --db`, { code: 'local-only' });
  }
  if ('product' in side) return productVersionId(api, side.product);
  return 'sbomId' in side ? side.sbomId : side.productVersionId;
}

async function remoteExportPath(api: RemoteClient, target: { assetId: string } | { product: ProductVersionSpec } | { sbomId: string }): Promise<string> {
  if ('assetId' in target) return `/api/assets/${encodeURIComponent(target.assetId)}/sbom/export`;
  if ('sbomId' in target) return `/api/sboms/${encodeURIComponent(target.sbomId)}/export`;
  return `/api/product-versions/${encodeURIComponent(await productVersionId(api, target.product))}/export`;
}

async function storedSbom(store: Store, scope: Scope, id: string): Promise<SbomDetail> {
  const found = await getSbom(store.db, scope, id);
  if (!found) throw new NotFoundError('SBOM', id);
  return found;
}

const remoteSbom = (api: RemoteClient, id: string) => api.get<SbomDetail>(`/api/sboms/${encodeURIComponent(id)}`);

const components = (api: RemoteClient, id: string, query: Record<string, boolean>, want: number) =>
  api.pages<Component>(`/api/sboms/${encodeURIComponent(id)}/components`, query, { want });

export function registerSbomCommands(program: Command): void {
  const sbom = program.command('sbom').description('software bills of materials (CycloneDX, SPDX) and VEX (OpenVEX, CycloneDX)');
  const globals = () => program.opts<GlobalOptions>();

  sbom
    .command('import')
    .description('import an SBOM or VEX document (- for stdin), attached to an asset or a product version; atomic')
    .argument('<file>', 'CycloneDX JSON/XML, SPDX JSON/tag-value/3.0 JSON-LD, or OpenVEX')
    .option('--asset <id>', 'attach to this asset')
    .option('--product <vendor/product/version>', 'attach to this product version; every asset with that vendor, model and firmware inherits it')
    .option('--allow-invalid', 'import even when the document breaks its schema (the errors are kept as issues)')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, opts: { asset?: string; product?: string; allowInvalid?: boolean; json?: boolean }) => {
      if (opts.asset && opts.product) throw new InputError('give --asset or --product, not both', { code: 'bad-usage' });
      const product = opts.product ? parseProductSpec(opts.product) : undefined;
      const input = readInputFile(file);
      const report = await withTarget(globals(), {
        local: (store, scope) => importSbom(store, input, { scope, assetId: opts.asset, product, allowInvalid: opts.allowInvalid }),
        remote: (api) => api.upload<SbomImportReport>('/api/sboms/import', [upload(input)], { asset: opts.asset, product: opts.product, allowInvalid: opts.allowInvalid }),
      });
      if (opts.json) printJson(report);
      else printImport(report);
    });

  sbom
    .command('quality')
    .description('score an SBOM file (or a stored SBOM id) against the NTIA minimum elements and the CISA 2025 additions')
    .argument('<file-or-id>')
    .option('--json', 'print the full report as JSON')
    .action(async (arg: string, opts: { json?: boolean }) => {
      if (arg === '-' || existsSync(arg)) {
        const input = readInputFile(arg);
        const result = await sbomQuality(input.name, input.bytes);
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.name}: ${result.format} ${result.specVersion} ${result.encoding}\n`);
        if (!result.quality) process.stdout.write('a VEX document: it lists no components to score\n');
        else printQuality(result.quality, result.quality.gaps.slice(0, 50), result.quality.gaps.length);
        printWarnings(result.issues);
        return;
      }
      if (/[\\/.]/.test(arg)) throw new InputError(`cannot read ${arg}: ENOENT`, { code: 'unreadable-file' });
      const want = opts.json ? 0 : 50;
      const { s, gaps } = await withTarget(globals(), {
        local: async (store, scope) => {
          const found = await storedSbom(store, scope, arg);
          return { s: found, gaps: (await listComponents(store.db, [found.id], { limit: want || 1_000_000, offset: 0, withGaps: true })).items };
        },
        remote: async (api) => {
          const found = await remoteSbom(api, arg);
          return { s: found, gaps: (await components(api, found.id, { withGaps: true }, want)).items };
        },
      });
      printStoredQuality(s, gaps, opts.json);
    });

  sbom
    .command('export')
    .description("write an asset's or a product version's SBOM with the VEX statements known for its components")
    .option('--asset <id>', 'the asset (its own SBOM and the one of its product version)')
    .option('--product <vendor/product/version>', 'the product version')
    .option('--sbom <id>', 'one stored SBOM')
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { asset?: string; product?: string; sbom?: string; format: ExportFormat; out?: string }) => {
      const given = [opts.asset, opts.product, opts.sbom].filter(Boolean).length;
      if (given !== 1) throw new InputError('give exactly one of --asset ID, --product VENDOR/PRODUCT/VERSION or --sbom ID', { code: 'bad-usage' });
      const target = opts.asset ? { assetId: opts.asset } : opts.product ? { product: parseProductSpec(opts.product) } : { sbomId: opts.sbom! };
      const result = await withTarget<{ body: string; counts?: string }>(globals(), {
        local: async (store, scope) => {
          const r = await exportSbom(store, scope, target, opts.format);
          return { body: r.body, counts: `${r.components} component(s), ${r.vexStatements} VEX statement(s)` };
        },
        // The API answers with the document only.
        remote: async (api) => ({ body: await api.text(await remoteExportPath(api, target), { format: opts.format }) }),
      });
      if (opts.out) {
        await writeFile(opts.out, result.body);
        process.stderr.write(`wrote ${opts.out}${result.counts ? `: ${result.counts}` : ''}\n`);
      } else {
        process.stdout.write(result.body.endsWith('\n') ? result.body : `${result.body}\n`);
      }
    });

  sbom
    .command('diff')
    .description('components added, removed and changed between two SBOMs (files, stored ids, or product versions VENDOR/PRODUCT/VERSION)')
    .argument('<a>')
    .argument('<b>')
    .option('--json', 'print the diff as JSON')
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      const before = diffSide(a);
      const after = diffSide(b);
      // Two files need no database.
      const d =
        'file' in before && 'file' in after
          ? await diffSbomSources(null, null, before, after)
          : await withTarget(globals(), {
              local: (store, scope) => diffSbomSources(store, scope, before, after),
              remote: async (api) => api.get<SbomDiffReport>('/api/sboms/diff', { from: await remoteDiffId(api, before), to: await remoteDiffId(api, after) }),
            });
      if (opts.json) printJson(d);
      else printDiff(d);
    });

  sbom
    .command('list')
    .description('imported SBOM and VEX documents, newest first')
    .option('--json', 'print JSON')
    .option('-q, --query <text>', 'text in the name, file name, subject or product')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .action(async (opts: { json?: boolean; query?: string; limit: number }) => {
      if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new InputError('--limit must be a positive integer', { code: 'bad-usage' });
      const { items, total } = await withTarget(globals(), {
        local: (store, scope) => listSboms(store.db, scope, { limit: opts.limit, offset: 0, q: opts.query }),
        remote: (api) => api.pages<SbomSummary>('/api/sboms', { q: opts.query }, { want: opts.limit }),
      });
      printList(items, total, opts.json);
    });

  sbom
    .command('show')
    .description('one stored SBOM: metadata, attachment, quality and components')
    .argument('<id>')
    .option('--json', 'print JSON (with every component)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const want = opts.json ? 0 : 100;
      const { s, list } = await withTarget(globals(), {
        local: async (store, scope) => {
          const found = await storedSbom(store, scope, id);
          return { s: found, list: await listComponents(store.db, [found.id], { limit: want || 1_000_000, offset: 0 }) };
        },
        remote: async (api) => {
          const found = await remoteSbom(api, id);
          return { s: found, list: await components(api, found.id, {}, want) };
        },
      });
      printShow(s, list, opts.json);
    });
}
