import keymanagerSecretNoPayload from "./keymanager-secret-no-payload";
import noLiteralSecretArguments from "./no-literal-secret-arguments";
import providerNoLiteralCredentials from "./provider-no-literal-credentials";

export const secretsPolicies = [keymanagerSecretNoPayload, noLiteralSecretArguments, providerNoLiteralCredentials];
