/**
 * A strict, non-validating XML scanner for SBOM documents: one forward pass over the text with
 * indexOf and a sticky name pattern, checking well-formedness (names, attribute syntax and
 * uniqueness, matching end tags, one root, nothing but whitespace, comments and processing
 * instructions outside it) while it builds the tree.
 *
 * The tree has the shape fast-xml-parser produced with the options this reader used before
 * (`ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, parseTagValue:
 * false, trimValues: true, removeNSPrefix: true, isArray: every element`): an element is an object
 * whose child elements are arrays under their local name (in order of first appearance), whose text
 * (each text run trimmed, CDATA kept as written, concatenated) is `#text`, followed by its
 * attributes as `@_name` (namespace declarations dropped, values trimmed); an element with only
 * text is that text, an empty one is `''`. Each object carries its start offset under
 * START_INDEX. Line ends are normalised to `\n` in values, as XML requires.
 *
 * No DOCTYPE is ever accepted and no entity is expanded: references stay as written and the caller
 * decodes the predefined ones.
 */

/** Offset of the element's `<` in the text, on every element object. */
export const START_INDEX: unique symbol = Symbol('xml.startIndex');

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code: 'invalid-xml' | 'xml-doctype-refused' = 'invalid-xml',
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

export class XmlNestingError extends Error {
  constructor(readonly offset: number) {
    super('XML nested too deeply');
    this.name = 'XmlNestingError';
  }
}

export interface ScanOptions {
  /** Refuse elements nested deeper than this below the root. */
  maxNestedTags: number;
  /** Local name the root element must have for its tree to be returned. */
  rootName: string;
}

type Node = Record<string, unknown> & { [START_INDEX]?: number };

/** An open element. Frames are reused per depth: a document allocates one per nesting level. */
interface Frame {
  /** The name as written (with any prefix), which the end tag must repeat. */
  rawName: string;
  /** Local name, as the key in the parent. */
  name: string;
  start: number;
  /** Attribute keys (`@_name`) and values, `attributeCount` of them. */
  attributeKeys: string[];
  attributeValues: string[];
  attributeCount: number;
  children: Node | undefined;
  text: string | undefined;
}

/** XML NameChar beyond ASCII (BMP subset of the XML 1.0 fifth edition productions). */
const NAME_START_WIDE = /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR_WIDE = /[\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;

/** Names that would reach Object.prototype: refused, as fast-xml-parser refused them. */
const CRITICAL_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Names that shadow Object.prototype methods: prefixed with `__`, as fast-xml-parser did. */
const SHADOWING_NAMES: ReadonlySet<string> = new Set(['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const normaliseLineEnds = (value: string) => (value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);

/** A-Z a-z _ : */
const isAsciiNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
/** … plus 0-9 . - */
const isAsciiNameChar = (c: number) => isAsciiNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;

/** The XML Name starting at `at`, or undefined. */
function nameAt(text: string, at: number): string | undefined {
  const first = text.charCodeAt(at);
  if (!(isAsciiNameStart(first) || (first >= 0xc0 && NAME_START_WIDE.test(text[at] as string)))) return undefined;
  let end = at + 1;
  for (;;) {
    const c = text.charCodeAt(end);
    if (isAsciiNameChar(c) || (c >= 0xb7 && NAME_CHAR_WIDE.test(text[end] as string))) end++;
    else break;
  }
  return text.slice(at, end);
}

/** Element local name (the part after the first colon), memoised: documents repeat a few names. */
const localNames = new Map<string, string>();
function localName(rawName: string, offset: number): string {
  const known = localNames.get(rawName);
  if (known !== undefined) return known;
  const colon = rawName.indexOf(':');
  let name = colon === -1 ? rawName : rawName.slice(colon + 1);
  if (CRITICAL_NAMES.has(name)) throw new XmlSyntaxError(`invalid element name "${name}"`, offset);
  if (SHADOWING_NAMES.has(name)) name = `__${name}`;
  if (localNames.size < 10_000) localNames.set(rawName, name);
  return name;
}

/** Attribute key: `@_` + the local name when there is exactly one colon; '' for namespace declarations. Memoised. */
const attributeKeys = new Map<string, string>();
function attributeKey(rawName: string): string {
  const known = attributeKeys.get(rawName);
  if (known !== undefined) return known;
  const parts = rawName.split(':');
  const key = parts[0] === 'xmlns' ? '' : `@_${parts.length === 2 ? (parts[1] as string) : rawName}`;
  if (attributeKeys.size < 10_000) attributeKeys.set(rawName, key);
  return key;
}

/** Scan a document; the root element's tree when its local name is `rootName`, else undefined. */
export function scanXml(text: string, options: ScanOptions): unknown {
  const n = text.length;
  const stack: Frame[] = [];
  let top: Frame | undefined;
  /** Raw text since the last flush (comments do not interrupt a run, as before). */
  let pending = '';
  let root: unknown;
  let rootSeen = false;
  let i = 0;

  const flush = () => {
    if (pending === '') return;
    const trimmed = pending.trim();
    pending = '';
    if (trimmed.length > 0 && top) top.text = (top.text ?? '') + normaliseLineEnds(trimmed);
  };

  const close = (frame: Frame, parent: Frame | undefined) => {
    const node: Node = frame.children ?? {};
    if (frame.text !== undefined && frame.text.length > 0) node['#text'] = frame.text;
    let value: unknown = node;
    if (frame.attributeCount > 0) {
      for (let a = 0; a < frame.attributeCount; a++) node[frame.attributeKeys[a] as string] = frame.attributeValues[a];
    } else {
      let count = 0;
      for (const _key in node) if (++count > 1) break;
      if (count === 0) value = '';
      else if (count === 1 && node['#text'] !== undefined) value = node['#text'];
    }
    if (typeof value === 'object') node[START_INDEX] = frame.start;
    if (parent) {
      const siblings = (parent.children ??= {});
      const list = siblings[frame.name] as unknown[] | undefined;
      if (list) list.push(value);
      else siblings[frame.name] = [value];
    } else if (frame.name === options.rootName) {
      root = value;
    }
  };

  /** Attribute names of the current start tag, as written (reused). */
  const seen: string[] = [];

  /** Frames by depth, reused; `frames[depth]` is the one being filled for a start tag. */
  const frames: Frame[] = [];
  const frameAt = (depth: number): Frame => {
    let frame = frames[depth];
    if (!frame) {
      frame = { rawName: '', name: '', start: 0, attributeKeys: [], attributeValues: [], attributeCount: 0, children: undefined, text: undefined };
      frames[depth] = frame;
    }
    return frame;
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i) {
      if (top) pending += text.slice(i, end);
      else if (!ONLY_WHITESPACE.test(text.slice(i, end))) {
        let at = i;
        while (isSpace(text.charCodeAt(at))) at++;
        throw new XmlSyntaxError(rootSeen ? 'text after the root element' : 'text before the root element', at);
      }
    }
    if (lt === -1) break;
    const c = text.charCodeAt(lt + 1);

    if (c === 0x2f /* / */) {
      const rawName = nameAt(text, lt + 2);
      if (!rawName) throw new XmlSyntaxError('invalid end tag', lt);
      let at = lt + 2 + rawName.length;
      while (isSpace(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) !== 0x3e /* > */) throw new XmlSyntaxError(`end tag </${rawName}> is not closed with '>'`, lt);
      if (!top) throw new XmlSyntaxError(`end tag </${rawName}> without a start tag`, lt);
      if (top.rawName !== rawName) throw new XmlSyntaxError(`expected </${top.rawName}>, found </${rawName}>`, lt);
      flush();
      const frame = stack.pop() as Frame;
      top = stack[stack.length - 1];
      close(frame, top);
      frame.children = undefined;
      frame.text = undefined;
      i = at + 1;
      continue;
    }

    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const stop = text.indexOf('-->', lt + 4);
        if (stop === -1) throw new XmlSyntaxError('comment is not closed', lt);
        i = stop + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        if (!top) throw new XmlSyntaxError('CDATA outside the root element', lt);
        const stop = text.indexOf(']]>', lt + 9);
        if (stop === -1) throw new XmlSyntaxError('CDATA section is not closed', lt);
        flush();
        top.text = (top.text ?? '') + normaliseLineEnds(text.slice(lt + 9, stop));
        i = stop + 3;
        continue;
      }
      if (/^<!DOCTYPE/i.test(text.slice(lt, lt + 9))) throw new XmlSyntaxError('DOCTYPE declarations are not accepted', lt, 'xml-doctype-refused');
      throw new XmlSyntaxError("unexpected '<!'", lt);
    }

    if (c === 0x3f /* ? */) {
      const target = nameAt(text, lt + 2);
      if (!target) throw new XmlSyntaxError('invalid processing instruction', lt);
      const stop = text.indexOf('?>', lt + 2);
      if (stop === -1) throw new XmlSyntaxError('processing instruction is not closed', lt);
      if (target.toLowerCase() === 'xml' && lt !== 0) throw new XmlSyntaxError('the XML declaration is allowed only at the start of the document', lt);
      flush();
      i = stop + 2;
      continue;
    }

    // Start tag.
    const rawName = nameAt(text, lt + 1);
    if (!rawName) throw new XmlSyntaxError("'<' not followed by a name", lt);
    if (rootSeen && !top) throw new XmlSyntaxError('more than one root element', lt);
    const name = localName(rawName, lt);
    const frame = frameAt(stack.length);
    frame.attributeCount = 0;
    let seenCount = 0;
    let at = lt + 1 + rawName.length;
    let selfClosing = false;
    for (;;) {
      const before = at;
      while (isSpace(text.charCodeAt(at))) at++;
      if (at >= n) throw new XmlSyntaxError(`start tag <${rawName}> is not closed`, lt);
      const d = text.charCodeAt(at);
      if (d === 0x3e /* > */) {
        at++;
        break;
      }
      if (d === 0x2f /* / */) {
        if (text.charCodeAt(at + 1) !== 0x3e) throw new XmlSyntaxError(`unexpected '/' in start tag <${rawName}>`, at);
        selfClosing = true;
        at += 2;
        break;
      }
      if (at === before) throw new XmlSyntaxError(`attributes of <${rawName}> must be separated by whitespace`, at);
      const attribute = nameAt(text, at);
      if (!attribute) throw new XmlSyntaxError(`invalid attribute in start tag <${rawName}>`, at);
      at += attribute.length;
      while (isSpace(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) !== 0x3d /* = */) throw new XmlSyntaxError(`attribute "${attribute}" has no value`, at);
      at++;
      while (isSpace(text.charCodeAt(at))) at++;
      const quote = text[at];
      if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`the value of attribute "${attribute}" is not quoted`, at);
      const valueEnd = text.indexOf(quote, at + 1);
      if (valueEnd === -1) throw new XmlSyntaxError(`the value of attribute "${attribute}" is not closed`, at);
      for (let k = 0; k < seenCount; k++) if (seen[k] === attribute) throw new XmlSyntaxError(`attribute "${attribute}" is repeated`, at);
      seen[seenCount++] = attribute;
      const key = attributeKey(attribute);
      if (key !== '') {
        const value = normaliseLineEnds(text.slice(at + 1, valueEnd).trim());
        // A later attribute with the same local name replaces the earlier value in place.
        const earlier = frame.attributeKeys.indexOf(key);
        if (earlier !== -1 && earlier < frame.attributeCount) frame.attributeValues[earlier] = value;
        else {
          frame.attributeKeys[frame.attributeCount] = key;
          frame.attributeValues[frame.attributeCount++] = value;
        }
      }
      at = valueEnd + 1;
    }
    if (top) flush();
    else pending = '';
    frame.rawName = rawName;
    frame.name = name;
    frame.start = lt;
    frame.children = undefined;
    frame.text = undefined;
    rootSeen = true;
    if (selfClosing) {
      close(frame, top);
    } else {
      if (stack.length > options.maxNestedTags) throw new XmlNestingError(lt);
      stack.push(frame);
      top = frame;
    }
    i = at;
  }

  if (top) throw new XmlSyntaxError(`<${top.rawName}> is not closed`, top.start);
  if (!rootSeen) throw new XmlSyntaxError('no root element', n);
  return root;
}
