/** CSAF 2.0 validation with the secvisogram library: strict schema + every mandatory test, offline. */
import type * as ValidateStrictModule from '@secvisogram/csaf-validator-lib/validateStrict.js';
import type { Issue } from '../../model/errors.js';

export interface CsafValidation {
  valid: boolean;
  /** One issue per failed check; `pointer` is the library's instancePath, `code` the test name (e.g. `mandatoryTest_6_1_16`). */
  issues: Issue[];
}

// The library compiles its JSON schemas when loaded (seconds of CPU): load it on first use only,
// so that every CLI command and server start does not pay for it.
let loaded: Promise<{ validateStrict: typeof ValidateStrictModule.default; tests: unknown[] }> | undefined;

function validator() {
  loaded ??= (async () => {
    const [{ default: validateStrict }, mandatoryTests, { csaf_2_0_strict }] = await Promise.all([
      import('@secvisogram/csaf-validator-lib/validateStrict.js'),
      import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
      import('@secvisogram/csaf-validator-lib/schemaTests.js'),
    ]);
    return { validateStrict, tests: [csaf_2_0_strict, ...Object.values(mandatoryTests)] };
  })();
  return loaded;
}

export async function validateCsaf(document: unknown, file?: string): Promise<CsafValidation> {
  const { validateStrict, tests } = await validator();
  const result = await validateStrict(tests as Parameters<typeof validateStrict>[0], document);
  const issues: Issue[] = result.tests.flatMap((test) =>
    test.errors.map((error) => ({ file, pointer: error.instancePath, code: test.name, message: `${test.name}: ${error.message}` })),
  );
  return { valid: result.isValid, issues };
}
