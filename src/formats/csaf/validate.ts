/** CSAF 2.0 validation with the secvisogram library: strict schema + every mandatory test, offline. */
import type * as ValidateModule from '@secvisogram/csaf-validator-lib/validate.js';
import type { Issue } from '../../model/errors.js';

export interface CsafValidation {
  valid: boolean;
  /** One issue per failed check; `pointer` is the library's instancePath, `code` the test name (e.g. `mandatoryTest_6_1_16`). */
  issues: Issue[];
}

// The library compiles its JSON schemas when loaded: load it on first use only, so that every CLI
// command and server start does not pay for it. Its validateStrict entry point would also load the
// optional and informative tests (about 2.7 s of the 3.7 s first call) only to check that the tests
// passed are the library's own; those passed here are, so the plain entry point is equivalent.
let loaded: Promise<{ validate: typeof ValidateModule.default; tests: unknown[] }> | undefined;

function validator() {
  loaded ??= (async () => {
    const [{ default: validate }, mandatoryTests, { csaf_2_0_strict }] = await Promise.all([
      import('@secvisogram/csaf-validator-lib/validate.js'),
      import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
      import('@secvisogram/csaf-validator-lib/schemaTests.js'),
    ]);
    return { validate, tests: [csaf_2_0_strict, ...Object.values(mandatoryTests)] };
  })();
  return loaded;
}

export async function validateCsaf(document: unknown, file?: string): Promise<CsafValidation> {
  const { validate, tests } = await validator();
  const result = await validate(tests as Parameters<typeof validate>[0], document);
  const issues: Issue[] = result.tests.flatMap((test) =>
    test.errors.map((error) => ({ file, pointer: error.instancePath, code: test.name, message: `${test.name}: ${error.message}` })),
  );
  return { valid: result.isValid, issues };
}
