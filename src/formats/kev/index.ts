export { readKevCatalog, splitKevCwes, splitKevNotes, type KevReadOptions, type KevReadResult } from './read.js';
