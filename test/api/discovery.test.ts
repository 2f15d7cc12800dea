import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';

const S7 = fixture('pcap', 's7comm', 'iti-s7comm_reading_plc_status.pcap');
const ENIP = fixture('pcap', 'enip', 'iti-enip_test.pcap');

/** A multipart body with several file fields. */
function multipartFiles(files: { name: string; content: Buffer }[]) {
  const boundary = `----bulwark${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/vnd.tcpdump.pcap\r\n\r\n`));
    parts.push(f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDialect('discovery API', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null, maxUploadBytes: 1024 * 1024 });
  });
  afterEach(async () => {
    await app.close();
  });

  const analyse = (query: string, name: string, content: Buffer) =>
    app.inject({ method: 'POST', url: `/api/discovery/analyse${query}`, ...multipartFile('file', name, content, 'application/octet-stream') });

  it.skipIf(!haveFixtures)('analyses uploads without touching the inventory, imports with import=true, and serves the events', async () => {
    const plain = await analyse('', 'plc.pcap', readFileSync(S7));
    expect(plain.statusCode, plain.body).toBe(200);
    const body = plain.json();
    expect(body.captures).toEqual([expect.objectContaining({ name: 'plc.pcap', format: 'pcap', frames: 240, complete: true })]);
    expect(body.devices.find((d: { vendor: string | null }) => d.vendor === 'Siemens')).toMatchObject({ model: 'IM151-8 PN/DP CPU', firmware: 'V3.2.6', kind: 'plc' });
    expect(body.flows[0]).toMatchObject({ protocol: 's7comm', port: 102 });
    expect(body.import).toBeUndefined();
    expect((await app.inject('/api/assets')).json().total).toBe(0);

    const two = await app.inject({ method: 'POST', url: '/api/discovery/analyse', ...multipartFiles([{ name: 'a.pcap', content: readFileSync(S7) }, { name: 'b.pcap', content: readFileSync(ENIP) }]) });
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json().captures.map((c: { name: string }) => c.name)).toEqual(['a.pcap', 'b.pcap']);

    const imported = await analyse('?import=true&site=Plant%20A', 'plc.pcap', readFileSync(S7));
    expect(imported.statusCode, imported.body).toBe(200);
    const result = imported.json();
    expect(result.import.report).toMatchObject({ source: 'plc.pcap', total: 2, created: 2, updated: 0, unchanged: 0 });
    expect(result.import.events.map((e: { kind: string }) => e.kind)).toEqual(['new-device', 'new-device']);
    const plcEvent = result.import.events.find((e: { assetName: string }) => e.assetName === 'IM151-8-CPU');
    expect(plcEvent.detail).toMatchObject({ source: 'plc.pcap', captures: ['plc.pcap'], site: 'Plant A' });
    expect(plcEvent.detail.evidence).toContainEqual(expect.objectContaining({ attribute: 'firmware', value: 'V3.2.6', capture: 'plc.pcap', protocol: 's7comm' }));

    const asset = (await app.inject(`/api/assets/${plcEvent.assetId}`)).json();
    expect(asset).toMatchObject({ vendor: 'Siemens', firmware: 'V3.2.6', site: { name: 'Plant A' }, ips: ['192.168.1.40'], macs: ['00:1b:1b:23:eb:3b'] });
    expect(asset.provenance.firmware).toMatchObject({ sourceKind: 'discovery', sourceName: 'plc.pcap', confidence: 0.7 });

    const events = await app.inject(`/api/assets/${plcEvent.assetId}/events`);
    expect(events.statusCode).toBe(200);
    expect(events.json()).toMatchObject({ total: 1, items: [{ kind: 'new-device', assetId: plcEvent.assetId }] });
    const recent = (await app.inject('/api/events?limit=1&offset=0')).json();
    expect(recent.total).toBe(2);
    expect(recent.items).toHaveLength(1);
    expect((await app.inject('/api/events?kind=firmware-changed')).json().total).toBe(0);

    const again = (await analyse('?import=true&site=Plant%20A', 'plc.pcap', readFileSync(S7))).json();
    expect(again.import.report).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.import.events).toEqual([]);

    expect((await app.inject('/api/assets/nope/events')).statusCode).toBe(404);
    expect((await app.inject('/api/events?kind=bogus')).statusCode).toBe(400);
    const spec = (await app.inject('/api/openapi.json')).json();
    expect(spec.paths['/api/discovery/analyse'].post).toBeDefined();
    expect(spec.paths['/api/assets/{id}/events'].get).toBeDefined();
    expect(spec.paths['/api/events'].get).toBeDefined();
  });

  it.skipIf(!haveFixtures)('answers bad uploads with 4xx and the error body, or 200 with the problems of each capture; never 500', async () => {
    const random = await analyse('', 'random.bin', randomBytes(4096));
    expect(random.statusCode).toBe(400);
    expect(random.json().error).toMatchObject({ code: 'not-a-capture' });
    expect(random.json().error.details.issues.length).toBeGreaterThan(0);

    const text = await analyse('?import=true', 'notes.txt', Buffer.from('name,ip\nPLC,10.0.0.1\n'));
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('not-a-capture');
    expect((await app.inject('/api/assets')).json().total).toBe(0);

    const empty = await analyse('', 'empty.pcap', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);

    const bytes = readFileSync(S7);
    const truncated = await analyse('', 'cut.pcap', bytes.subarray(0, Math.floor(bytes.length / 2) + 7));
    expect(truncated.statusCode).toBe(200);
    expect(truncated.json().captures[0]).toMatchObject({ name: 'cut.pcap', complete: false });
    expect(truncated.json().problems.length).toBeGreaterThan(0);

    const headerOnly = await analyse('', 'header.pcap', bytes.subarray(0, 24));
    expect(headerOnly.statusCode).toBe(200);
    expect(headerOnly.json().devices).toEqual([]);

    // One good capture and one bad file: 200, the bad one listed with its problems.
    const mixed = await app.inject({ method: 'POST', url: '/api/discovery/analyse', ...multipartFiles([{ name: 'good.pcap', content: bytes }, { name: 'bad.bin', content: randomBytes(2048) }]) });
    expect(mixed.statusCode).toBe(200);
    expect(mixed.json().captures.map((c: { format: string }) => c.format)).toEqual(['pcap', 'unknown']);
    expect(mixed.json().problems.some((p: { file: string }) => p.file === 'bad.bin')).toBe(true);

    const big = await analyse('', 'big.pcap', Buffer.concat([bytes, Buffer.alloc(1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBeDefined();

    const notMultipart = await app.inject({ method: 'POST', url: '/api/discovery/analyse', payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    const noFile = await app.inject({
      method: 'POST',
      url: '/api/discovery/analyse',
      payload: '------x\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n------x--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=----x' },
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.code).toBe('missing-file');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/discovery/analyse',
      payload: '------x\r\nContent-Disposition: form-data; name="file"; filename="a.pcap"\r\n\r\n\xd4\xc3\xb2',
      headers: { 'content-type': 'multipart/form-data; boundary=----x' },
    });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expect((await analyse('?site=X', 'plc.pcap', bytes)).statusCode).toBe(400);
  });
});
