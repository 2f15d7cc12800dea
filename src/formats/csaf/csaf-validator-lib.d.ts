// Minimal typings for the parts of @secvisogram/csaf-validator-lib (plain JS, no bundled types) used here.
declare module '@secvisogram/csaf-validator-lib/validate.js' {
  interface CsafValidatorMessage {
    message: string;
    instancePath: string;
  }
  interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafValidatorMessage[];
    warnings: CsafValidatorMessage[];
    infos: CsafValidatorMessage[];
  }
  type DocumentTest = (doc: unknown) => unknown;
  export default function validate(tests: DocumentTest[], doc: unknown): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  const tests: Record<string, (doc: unknown) => unknown>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  export const csaf_2_0_strict: (doc: unknown) => unknown;
  export const csaf_2_0: (doc: unknown) => unknown;
}
