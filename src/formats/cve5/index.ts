export { readCve5Record, walkCve5Directory, type Cve5ReadOptions, type Cve5WalkEntry, type Cve5WalkOptions } from './read.js';
export { readCve5Object, CISA_ADP_ORG_ID, type Cve5ReadContext } from './record.js';
export { readSsvcContent } from './ssvc.js';
export { evaluateCve5Status, defaultVersionComparator, type VersionComparator, type Cve5StatusResult } from './version-status.js';
