export { detectIntelKind, DETECT_WINDOW_BYTES, type IntelKind } from './detect.js';
