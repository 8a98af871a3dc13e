// Emulators (DynamoDB Local, serverless-offline's Lambda endpoint) accept any
// credentials; a client pointed at one uses placeholders, unless real ones are set, so
// `serverless invoke local` works without an AWS account.
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export function credentialsFor(endpoint: string | undefined) {
  if (endpoint === undefined || process.env.AWS_ACCESS_KEY_ID) return undefined;
  return LOCAL_CREDENTIALS;
}
