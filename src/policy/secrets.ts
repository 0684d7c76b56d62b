/** Secret detection and redaction: the single place that decides what is a credential. */

export interface SecretMatch {
  /** e.g. `aws-access-key`, `openai-api-key`, `github-token`, `private-key`, `generic-assignment` */
  kind: string;
  /** 0-based offsets into the scanned text */
  start: number;
  end: number;
}

/** Known credential formats anywhere in a text. */
export function findSecrets(text: string): SecretMatch[] {
  void text;
  throw new Error('findSecrets: not implemented');
}

/** A string constant bound to a secret-sounding name (password, api_key, token, secret) that looks like a real credential, not a placeholder. */
export function classifySecretAssignment(name: string, value: string): SecretMatch | undefined {
  void name; void value;
  throw new Error('classifySecretAssignment: not implemented');
}

/** Replace every secret in a text by `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): string {
  void text;
  throw new Error('redactSecrets: not implemented');
}
