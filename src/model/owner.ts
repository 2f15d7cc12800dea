/**
 * The owner of a shareable record (asset, SBOM, finding). Type-only and import-free, so API view
 * shapes that the web UI imports can name it without pulling in the scope rules.
 */

/** The organisation a shareable record belongs to (assets, SBOMs and findings say whose they are). */
export interface OwnerRef {
  id: string;
  name: string;
}
