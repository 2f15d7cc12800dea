/**
 * The file name offered with a download (Content-Disposition): made from text a tenant or a
 * document chose (an upload's name, an SBOM's subject, an advisory id), so it keeps letters,
 * digits, `.`, `_` and `-` only — no path separator, quote or line break — never starts with a dot
 * (no `..`, no hidden file) and is never empty.
 */
export function downloadFileName(text: string, fallback: string, maxLength = 100): string {
  const name = text
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, maxLength);
  return name || fallback;
}
