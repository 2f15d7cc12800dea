/**
 * CycloneDX XML → the JSON shape of the same BOM, so one normaliser serves both encodings.
 *
 * Parsing is a single forward scan (xml-scan.ts) that checks well-formedness and builds the tree
 * in the shape fast-xml-parser gave this module before (attributes as `@_name`, every element an
 * array, text as `#text`): about five times faster than fast-xml-parser was on large BOMs, with
 * far less garbage.
 *
 * Security: no DOCTYPE is accepted (refused before parsing, and the scanner refuses any `<!DOCTYPE`
 * it meets), so no entity is ever declared, expanded or fetched. Only the five predefined XML
 * entities and numeric character references are decoded, here.
 */
import { InputError, LimitError } from '../../model/errors.js';
import { isRecord, lineColumnAt, type JsonRecord } from './input.js';
import { SOURCE_LINE } from './normalize.js';
import { scanXml, START_INDEX, XmlNestingError, XmlSyntaxError } from './xml-scan.js';

/** XML list wrappers and the name of their items (`<hashes><hash/></hashes>` → `hashes: []`). */
const LIST_ITEMS: Readonly<Record<string, readonly string[]>> = {
  components: ['component'],
  services: ['service'],
  authors: ['author'],
  tools: ['tool'],
  hashes: ['hash'],
  licenses: ['license', 'expression'],
  externalReferences: ['reference'],
  references: ['reference'],
  properties: ['property'],
  dependencies: ['dependency'],
  vulnerabilities: ['vulnerability'],
  ratings: ['rating'],
  cwes: ['cwe'],
  advisories: ['advisory'],
  affects: ['target'],
  versions: ['version'],
  lifecycles: ['lifecycle'],
  compositions: ['composition'],
  assemblies: ['assembly'],
  responses: ['response'],
  datasets: ['dataset'],
  performanceMetrics: ['performanceMetric'],
  useCases: ['useCase'],
  technicalLimitations: ['technicalLimitation'],
  ethicalConsiderations: ['ethicalConsideration'],
  fairnessAssessments: ['fairnessAssessment'],
  users: ['user'],
  inputs: ['input'],
  outputs: ['output'],
  data: ['data'],
  collection: ['graphic'],
};

/** XML element names whose JSON property is named differently. */
const RENAMED: Readonly<Record<string, string>> = { responses: 'response' };

const ATTR = '@_';
const TEXT = '#text';

export interface XmlBom {
  root: JsonRecord;
  /** `1.5` from `xmlns="http://cyclonedx.org/schema/bom/1.5"`. */
  specVersion: string;
}

export function parseCycloneDxXml(text: string, maxNestedTags = 256): XmlBom {
  refuseDoctype(text);
  let bomNode: unknown;
  try {
    bomNode = scanXml(text, { maxNestedTags, rootName: 'bom' });
  } catch (cause) {
    if (cause instanceof XmlNestingError) throw new LimitError(`XML nested deeper than ${maxNestedTags} elements`, { details: { maxNestedTags } });
    if (!(cause instanceof XmlSyntaxError)) throw cause;
    if (cause.code === 'xml-doctype-refused') throw doctypeRefused(text, cause.offset);
    const place = lineColumnAt(text, cause.offset);
    throw new InputError(`not well-formed XML: ${cause.message}`, { code: 'invalid-xml', place, issues: [{ message: cause.message, ...place }], cause });
  }
  if (!isRecord(bomNode)) throw new InputError('not a CycloneDX XML document: the root element is not <bom>', { code: 'not-cyclonedx' });
  const namespace = findNamespace(text);
  const specVersion = xmlSpecVersion(text, namespace);
  if (!specVersion) {
    throw new InputError(`not a CycloneDX XML document: unknown namespace "${namespace ?? ''}"`, { code: 'not-cyclonedx' });
  }
  const lines = new LineIndex(text);
  return { root: convertElement(bomNode, lines) as JsonRecord, specVersion };
}

/** Refuses a DOCTYPE in the prologue (before any other check sees the text). */
export function refuseDoctype(text: string): void {
  const firstElement = /<[A-Za-z_]/.exec(text);
  const prologue = firstElement ? text.slice(0, firstElement.index) : text;
  const at = prologue.search(/<!DOCTYPE/i);
  if (at !== -1) throw doctypeRefused(text, at);
}

function doctypeRefused(text: string, at: number): InputError {
  const place = lineColumnAt(text, at);
  return new InputError('XML with a DOCTYPE is refused: CycloneDX uses no DTD, and entities are never expanded', {
    code: 'xml-doctype-refused',
    place,
    issues: [{ message: 'DOCTYPE declarations are not accepted', code: 'xml-doctype-refused', ...place }],
  });
}

/** `1.6` from the namespace of the root `<bom>`, or undefined when it is not a CycloneDX one. */
export function xmlSpecVersion(text: string, namespace = findNamespace(text)): string | undefined {
  return /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(namespace ?? '')?.[1];
}

/** The namespace bound to the root `<bom>` (default or prefixed); the parser drops xmlns attributes. */
function findNamespace(text: string): string | undefined {
  const start = /<(?:([A-Za-z_][\w.-]*):)?bom\b[^>]*>/.exec(text);
  if (!start) return undefined;
  const prefix = start[1];
  const attribute = prefix ? `xmlns:${prefix}` : 'xmlns';
  const match = new RegExp(`\\s${attribute.replace('.', '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(start[0]);
  return match?.[1];
}

/** Character offset → line, by binary search over newline offsets (built once per document). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function convertElement(node: unknown, lines: LineIndex): unknown {
  if (typeof node === 'string') return decodeXmlText(node);
  if (!isRecord(node)) return node;
  const out: JsonRecord = {};
  setLine(out, node, lines);
  for (const key in node) {
    const value = node[key];
    if (key.startsWith(ATTR)) {
      const name = key.slice(ATTR.length);
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) out[name] = decodeXmlText(String(value));
    } else if (key === TEXT) {
      out[TEXT] = decodeXmlText(String(value));
    } else {
      const children = Array.isArray(value) ? value : [value];
      out[RENAMED[key] ?? key] = convertChild(key, children, lines);
    }
  }
  return out;
}

function setLine(out: JsonRecord, node: JsonRecord, lines: LineIndex): void {
  const start = (node as { [START_INDEX]?: number })[START_INDEX];
  if (typeof start === 'number') Object.defineProperty(out, SOURCE_LINE, { value: lines.lineAt(start), enumerable: false });
}

function convertChild(name: string, nodes: unknown[], lines: LineIndex): unknown {
  const items = LIST_ITEMS[name];
  if (items && nodes.length === 1) {
    const wrapper = nodes[0];
    if (wrapper === '' || wrapper === undefined) return [];
    if (isRecord(wrapper) && Object.keys(wrapper).every((k) => items.includes(k) || k.startsWith(ATTR))) {
      return listItems(name, wrapper, items, lines);
    }
  }
  if (name === 'dependency') return nodes.map((n) => convertDependency(n, lines));
  if (name === 'hash') return nodes.map((n) => textWithAttributes(n, lines, 'content'));
  if (name === 'property') return nodes.map((n) => textWithAttributes(n, lines, 'value'));
  const converted = nodes.map((n) => flattenText(convertElement(n, lines)));
  return converted.length === 1 ? converted[0] : converted;
}

/** Items of a list wrapper, in document order within each item name. */
function listItems(name: string, wrapper: JsonRecord, items: readonly string[], lines: LineIndex): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    const nodes = wrapper[item];
    if (nodes === undefined) continue;
    for (const node of Array.isArray(nodes) ? nodes : [nodes]) out.push(convertItem(name, item, node, lines));
  }
  return out;
}

function convertItem(list: string, item: string, node: unknown, lines: LineIndex): unknown {
  if (list === 'licenses') {
    if (item === 'expression') {
      return textWithAttributes(node, lines, 'expression');
    }
    return { license: flattenText(convertElement(node, lines)) };
  }
  if (list === 'dependencies') return convertDependency(node, lines);
  if (item === 'hash') return textWithAttributes(node, lines, 'content');
  if (item === 'property') return textWithAttributes(node, lines, 'value');
  return flattenText(convertElement(node, lines));
}

/** `<dependency ref="a"><dependency ref="b"/></dependency>` → `{ref: "a", dependsOn: ["b"]}`. */
function convertDependency(node: unknown, lines: LineIndex): JsonRecord {
  const converted = convertElement(node, lines);
  const record = isRecord(converted) ? converted : {};
  const refsOf = (value: unknown) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value])
      .map((d) => (isRecord(d) ? d.ref : undefined))
      .filter((r): r is string => typeof r === 'string');
  const out: JsonRecord = { ref: record.ref, dependsOn: refsOf(record.dependency) };
  const provides = refsOf(record.provides);
  if (provides.length > 0) out.provides = provides;
  const line = (record as { [SOURCE_LINE]?: number })[SOURCE_LINE];
  if (line !== undefined) Object.defineProperty(out, SOURCE_LINE, { value: line, enumerable: false });
  return out;
}

/**
 * `<hash alg="SHA-1">abc</hash>` → `{alg: "SHA-1", content: "abc"}`: the element's attributes and
 * children, then its text under `textKey` (no source line: these are leaves).
 */
function textWithAttributes(node: unknown, lines: LineIndex, textKey: string): JsonRecord {
  if (typeof node === 'string') return { [textKey]: decodeXmlText(node) };
  if (!isRecord(node)) return {};
  const out: JsonRecord = {};
  let text: string | undefined;
  for (const key in node) {
    const value = node[key];
    if (key.startsWith(ATTR)) {
      const name = key.slice(ATTR.length);
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) out[name] = decodeXmlText(String(value));
    } else if (key === TEXT) {
      text = decodeXmlText(String(value));
    } else {
      out[RENAMED[key] ?? key] = convertChild(key, Array.isArray(value) ? value : [value], lines);
    }
  }
  if (text !== undefined) out[textKey] = text;
  return out;
}

/** A converted element that holds only text becomes that text. */
function flattenText(value: unknown): unknown {
  if (isRecord(value) && TEXT in value) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === TEXT) return value[TEXT];
  }
  return value;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode the predefined entities and character references; any other `&name;` stays literal. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[body] ?? whole;
  });
}
