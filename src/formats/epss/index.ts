export { readEpssCsv, type EpssReadOptions, type EpssReadResult } from './read.js';
