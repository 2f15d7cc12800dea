export { parseJson, assertJsonDepth, jsonSyntaxError, DEFAULT_MAX_JSON_DEPTH, type ParseJsonOptions } from './parse.js';
export { findJsonSyntaxError, type JsonSyntaxProblem } from './syntax-locator.js';
export { lineColumnAt, type LineColumn } from './text-position.js';
export { jsonPointer, childPointer, escapePointerToken, parsePointer, resolvePointer } from './pointer.js';
export {
  isGzip,
  gunzipBounded,
  maybeGunzip,
  decodeInputText,
  gunzipStream,
  maybeGunzipStream,
  DEFAULT_MAX_GUNZIP_BYTES,
  type GunzipOptions,
} from './gzip.js';
export { streamJsonArray, type StreamedElement, type StreamArrayOptions } from './stream-array.js';
export * from './values.js';
