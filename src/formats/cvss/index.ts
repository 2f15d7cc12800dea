export { parseCvssVector, validateCvssVector, cvssVersionOf, type ParsedCvssVector, type CvssParseResult } from './vector.js';
export { scoreCvssVector, cvssSeverity, type CvssScores, type CvssScoreResult } from './score.js';
export { METRIC_TABLES, type MetricTable } from './definitions.js';
