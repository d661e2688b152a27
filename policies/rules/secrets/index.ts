import keymanagerSecretNoPayload from "./keymanager-secret-no-payload";
import noCredentialsInLocalFiles from "./no-credentials-in-local-files";
import noLiteralSecretArguments from "./no-literal-secret-arguments";
import providerNoLiteralCredentials from "./provider-no-literal-credentials";

export const secretsPolicies = [keymanagerSecretNoPayload, noCredentialsInLocalFiles, noLiteralSecretArguments, providerNoLiteralCredentials];
