/**
 * Syntax check for CPE 2.3 formatted strings as NVD writes them in `criteria`. This is only the
 * well-formedness gate for the reader; binding, unbinding and matching belong to formats/cpe.
 */

const VALUE = String.raw`(?:(?:\?*|\*?)(?:[a-zA-Z0-9\-._]|\\[\\*?!"#$%&'()+,/:;<=>@[\]^\x60{|}~])+(?:\?*|\*?)|[*\-])`;
const LANGUAGE = String.raw`(?:[a-zA-Z]{2,3}(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?|[*\-])`;
/** The CPE 2.3 formatted-string pattern of the NVD / CVE JSON 5 schemas, anchored. */
const CPE23 = new RegExp(String.raw`^cpe:2\.3:[aho*\-](?::${VALUE}){5}:${LANGUAGE}(?::${VALUE}){4}$`);

/** `undefined` when `criteria` is a well-formed CPE 2.3 formatted string, else the reason. */
export function cpe23SyntaxProblem(criteria: string): string | undefined {
  if (!criteria.startsWith('cpe:2.3:')) return 'does not start with cpe:2.3:';
  if (CPE23.test(criteria)) return undefined;
  const fields = criteria.split(/(?<!\\):/).length;
  return fields !== 13 ? `has ${fields} fields instead of 13` : 'contains a character or wildcard not allowed in CPE 2.3';
}
