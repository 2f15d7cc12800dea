export {
  parsePurl,
  tryParsePurl,
  buildPurl,
  formatPurl,
  purlKey,
  comparableVersion,
  encodePurlComponent,
  MAX_PURL_LENGTH,
  type Purl,
  type PurlComponents,
} from './purl.js';
