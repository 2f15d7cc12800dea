export { readNvdDocument, streamNvdRecords, keptRecords, type NvdDocument, type NvdEnvelope, type NvdDocumentFormat, type NvdReadOptions, type NvdStreamOptions } from './read.js';
export { readNvdCve, readConfigurations } from './record.js';
export { readNvdLegacyItem } from './legacy.js';
export { cpe23SyntaxProblem } from './cpe-syntax.js';
