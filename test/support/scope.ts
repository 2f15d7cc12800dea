/** The default organisation as a scope: what store tests and benchmarks read and write. */
import { organisationScope } from '../../src/model/scope.js';
import { DEFAULT_ORG_ID } from '../../src/services/auth/accounts.js';

export const ORG = organisationScope(DEFAULT_ORG_ID);
