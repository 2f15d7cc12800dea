/**
 * OpenPGP checks for CSAF files: reading a provider key and pinning it to its declared fingerprint,
 * and verifying a detached signature over the exact bytes of a file.
 */
import * as openpgp from 'openpgp';
import { normaliseFingerprint } from './csaf-distribution.js';

export type SignatureCheck = { ok: true; fingerprint: string } | { ok: false; reason: string };

function isArmored(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN PGP');
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads one public key (armored or binary). With `fingerprint`, the key's primary fingerprint must
 * equal it, so a swapped key file on the server is refused.
 */
export async function readPublicKey(bytes: Uint8Array, fingerprint?: string): Promise<openpgp.PublicKey> {
  const key = isArmored(bytes) ? await openpgp.readKey({ armoredKey: text(bytes) }) : await openpgp.readKey({ binaryKey: bytes });
  const actual = key.getFingerprint().toUpperCase();
  if (fingerprint !== undefined && normaliseFingerprint(fingerprint) !== actual) {
    throw new Error(`key fingerprint ${actual} does not match the declared ${normaliseFingerprint(fingerprint)}`);
  }
  return key.toPublic();
}

/** Verifies a detached signature (armored `.asc` or binary) over `data` with any of `keys`. */
export async function verifyDetached(data: Uint8Array, signatureBytes: Uint8Array, keys: readonly openpgp.PublicKey[]): Promise<SignatureCheck> {
  if (keys.length === 0) return { ok: false, reason: 'no usable provider key to verify the signature with' };
  let signature: openpgp.Signature;
  try {
    signature = isArmored(signatureBytes)
      ? await openpgp.readSignature({ armoredSignature: text(signatureBytes) })
      : await openpgp.readSignature({ binarySignature: signatureBytes });
  } catch (error) {
    return { ok: false, reason: `unreadable signature: ${message(error)}` };
  }
  try {
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ binary: data }),
      signature,
      verificationKeys: [...keys],
      format: 'binary',
    });
    let lastReason = 'the signature carries no signature packet';
    for (const entry of result.signatures) {
      try {
        await entry.verified;
        const signer = keys.find((key) => key.getKeys(entry.keyID).length > 0);
        return { ok: true, fingerprint: (signer?.getFingerprint() ?? entry.keyID.toHex()).toUpperCase() };
      } catch (error) {
        lastReason = message(error);
      }
    }
    return { ok: false, reason: `bad signature: ${lastReason}` };
  } catch (error) {
    return { ok: false, reason: `bad signature: ${message(error)}` };
  }
}
