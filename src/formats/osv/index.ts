export { readOsv, readOsvObject, type OsvReadOptions, type OsvReadResult, type OsvParsed } from './read.js';
