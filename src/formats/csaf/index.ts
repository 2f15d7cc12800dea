export { readCsafDocument, extractCsaf, fixedVersionFromText, type CsafReadOptions, type CsafReadResult } from './read.js';
export { resolveProductTree, MAX_BRANCH_DEPTH, type ResolvedProductTree } from './product-tree.js';
export { validateCsaf, type CsafValidation } from './validate.js';
