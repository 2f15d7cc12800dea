/**
 * Passive OT discovery: capture bytes in, devices (with identity, confidence and evidence), flows
 * and problems out. Pure: no database, no network, no files other than the stream given.
 */
import { DiscoverySession, type CaptureOptions, type SessionLimits } from './session.js';
import type { DiscoveryResult } from './types.js';

export { DiscoverySession } from './session.js';
export type { CaptureOptions, SessionLimits } from './session.js';
export { CaptureReader, linkTypeName } from './capture/reader.js';
export { macVendor } from './fingerprint/oui.js';
export { DISSECTORS, Registry } from './protocols/registry.js';
export type { DissectContext, Dissector, HostAddress, Side } from './protocols/dissector.js';
export type * from './types.js';

/**
 * Analyses one capture (pcap or pcapng) read from a stream — a Node Readable of a file or stdin
 * works — with memory bounded by the session limits, not by the capture size.
 */
export async function analyseCapture(stream: AsyncIterable<Uint8Array | string>, options: CaptureOptions & { limits?: Partial<SessionLimits> } = {}): Promise<DiscoveryResult> {
  const session = new DiscoverySession(options.limits);
  await session.addCapture(stream, options);
  return session.result();
}

/** Same as `analyseCapture` for a capture already in memory. */
export function analyseCaptureBytes(bytes: Uint8Array, options: CaptureOptions & { limits?: Partial<SessionLimits> } = {}): DiscoveryResult {
  const session = new DiscoverySession(options.limits);
  session.addCaptureBytes(bytes, options);
  return session.result();
}
