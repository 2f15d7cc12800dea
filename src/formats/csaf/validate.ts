/** CSAF 2.0 validation with the secvisogram library: strict schema + every mandatory test, offline. */
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import type { Issue } from '../../model/errors.js';

export interface CsafValidation {
  valid: boolean;
  /** One issue per failed check; `pointer` is the library's instancePath, `code` the test name (e.g. `mandatoryTest_6_1_16`). */
  issues: Issue[];
}

const TESTS = [csaf_2_0_strict, ...Object.values(mandatoryTests)];

export async function validateCsaf(document: unknown, file?: string): Promise<CsafValidation> {
  const result = await validateStrict(TESTS, document);
  const issues: Issue[] = result.tests.flatMap((test) =>
    test.errors.map((error) => ({ file, pointer: error.instancePath, code: test.name, message: `${test.name}: ${error.message}` })),
  );
  return { valid: result.isValid, issues };
}
