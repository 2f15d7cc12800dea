/** Online intelligence feeds (fetch stage): documents are handed to the caller, never stored here. */
export { systemClock, VirtualClock, type Clock } from './clock.js';
export { RollingWindowLimiter, NVD_ANONYMOUS_LIMIT, NVD_KEYED_LIMIT, type RateLimitRule } from './rate-limit.js';
export {
  HttpClient,
  HttpError,
  parseRetryAfter,
  DEFAULT_USER_AGENT,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpClientOptions,
  type HttpEvent,
  type HttpRequest,
  type HttpResponse,
} from './http.js';
export {
  syncNvd,
  splitWindows,
  nvdPageUrl,
  formatNvdDate,
  parseNvdInstant,
  NVD_CVE_API_URL,
  NVD_MAX_PAGE_SIZE,
  NVD_MAX_WINDOW_DAYS,
  type NvdSyncOptions,
  type NvdSyncResult,
  type NvdPage,
  type NvdPageInfo,
  type NvdWindow,
} from './nvd.js';
export { fetchIfChanged, type ConditionalState, type ConditionalResult, type ConditionalFetchOptions, type FileMeta } from './conditional.js';
export { syncKev, KEV_CATALOG_URL, KEV_MAX_BYTES, type KevSyncOptions, type FeedFileSyncResult } from './kev.js';
export { syncEpss, epssFileUrl, EPSS_BASE_URL, EPSS_MAX_BYTES, type EpssSyncOptions } from './epss.js';
export {
  readProviderMetadata,
  readRolieFeed,
  readChangesCsv,
  readIndexTxt,
  readHashFile,
  normaliseFingerprint,
  conventionalHashUrls,
  type ProviderMetadata,
  type ProviderKeyRef,
  type RolieFeedRef,
  type AdvisoryRef,
  type HashAlgorithm,
  type TlpLabel,
} from './csaf-distribution.js';
export { readPublicKey, verifyDetached, type SignatureCheck } from './openpgp-verify.js';
export {
  syncCsafProvider,
  providerMetadataUrl,
  DEFAULT_CSAF_TLP_LABELS,
  CSAF_MAX_ADVISORY_BYTES,
  type CsafProviderSyncOptions,
  type CsafProviderSyncResult,
  type CsafAdvisoryOutcome,
  type CsafKeyStatus,
  type CsafRejectCode,
} from './csaf-provider.js';
