// Precompiles the provider-schema validators (ajv standalone code, one file per block type) into .gen/conformance/,
// so that checking needs no ajv compilation at run time. Run by scripts/build.ts.
import { rmSync } from "node:fs";
import { openstackSchemaValidator, precompiledValidatorsRoot, providerSchemaPath } from "../policies/schema/source";

const path = providerSchemaPath();
if (path) {
  rmSync(precompiledValidatorsRoot, { recursive: true, force: true });
  const validator = openstackSchemaValidator(path);
  validator.precompile(validator.precompiled!);
}
