/**
 * Detached OpenPGP signatures over the manifest bytes (binary document signatures, so GnuPG's
 * `gpg --verify manifest.json.asc manifest.json` checks them too).
 */
import * as openpgp from 'openpgp';
import { InputError } from '../../model/errors.js';
import { SIGNATURE_PATH } from './paths.js';

export interface SigningKeyInput {
  /** ASCII-armored OpenPGP private key. */
  armoredKey: string;
  /** Passphrase when the key is encrypted. */
  passphrase?: string;
}

export interface BundleSignature {
  /** The bundle carries a manifest signature. */
  present: boolean;
  /** The signature verifies against one of the trusted keys. */
  valid: boolean;
  /** Upper-case hex fingerprint of the trusted primary key that made the signature. */
  keyFingerprint?: string;
  /** Upper-case hex key ID named in the signature (also known when the key is not trusted). */
  keyId?: string;
  /** When the signature says it was made. */
  signedAt?: Date;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Loads the operator's private key, decrypting it when a passphrase is given. */
async function loadSigningKey(input: SigningKeyInput): Promise<openpgp.PrivateKey> {
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: input.armoredKey });
  } catch (error) {
    throw new InputError(`signing key is not an armored OpenPGP private key: ${describe(error)}`, { code: 'bundle-signing-key-invalid', cause: error });
  }
  if (key.isDecrypted()) return key;
  if (input.passphrase === undefined) {
    throw new InputError('signing key is protected by a passphrase and none was given', { code: 'bundle-signing-key-locked' });
  }
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase: input.passphrase });
  } catch (error) {
    throw new InputError(`cannot unlock the signing key: ${describe(error)}`, { code: 'bundle-signing-key-locked', cause: error });
  }
}

/** An armored detached signature over `bytes`. */
export async function signDetached(bytes: Uint8Array, key: SigningKeyInput): Promise<string> {
  const signingKeys = await loadSigningKey(key);
  const message = await openpgp.createMessage({ binary: bytes });
  try {
    return await openpgp.sign({ message, signingKeys, detached: true, format: 'armored' });
  } catch (error) {
    throw new InputError(`cannot sign the manifest: ${describe(error)}`, { code: 'bundle-signing-failed', cause: error });
  }
}

/** Parses the operator's trusted public keys; an unreadable key is an error, not a silent skip. */
export async function readTrustedKeys(armoredKeys: readonly string[]): Promise<openpgp.Key[]> {
  const keys: openpgp.Key[] = [];
  for (const [index, armoredKeysText] of armoredKeys.entries()) {
    try {
      keys.push(...(await openpgp.readKeys({ armoredKeys: armoredKeysText })));
    } catch (error) {
      throw new InputError(`trusted key ${index + 1} is not an armored OpenPGP key: ${describe(error)}`, {
        code: 'bundle-trusted-key-invalid',
        details: { index },
        cause: error,
      });
    }
  }
  return keys;
}

function signatureError(code: string, message: string, cause?: unknown): InputError {
  return new InputError(message, { code, place: { file: SIGNATURE_PATH }, issues: [{ file: SIGNATURE_PATH, message, code }], cause });
}

/**
 * Verifies an armored detached signature over `bytes` against `trustedKeys`.
 * A signature by a key that is not trusted gives `valid: false`; a signature that a trusted key
 * made but that does not match the bytes (tampering) always throws.
 */
export async function verifyDetached(bytes: Uint8Array, armoredSignature: string, trustedKeys: readonly openpgp.Key[]): Promise<BundleSignature> {
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ armoredSignature });
  } catch (error) {
    throw signatureError('bundle-signature-invalid', `manifest signature is not an armored OpenPGP signature: ${describe(error)}`, error);
  }
  const signedBy = signature.getSigningKeyIDs();
  const keyId = signedBy[0]?.toHex().toUpperCase();
  const signer = trustedKeys.find((key) => signedBy.some((id) => key.getKeys(id).length > 0));
  if (!signer) return { present: true, valid: false, keyId };

  const message = await openpgp.createMessage({ binary: bytes });
  const result = await openpgp.verify({ message, signature, verificationKeys: [signer], format: 'binary' });
  for (const check of result.signatures) {
    if (!signer.getKeys(check.keyID).length) continue;
    try {
      await check.verified;
    } catch (error) {
      throw signatureError('bundle-signature-invalid', `manifest signature does not verify (manifest altered, or key expired or revoked): ${describe(error)}`, error);
    }
    const packet = (await check.signature).packets[0];
    return {
      present: true,
      valid: true,
      keyFingerprint: signer.getFingerprint().toUpperCase(),
      keyId: check.keyID.toHex().toUpperCase(),
      signedAt: packet?.created ?? undefined,
    };
  }
  return { present: true, valid: false, keyId };
}
