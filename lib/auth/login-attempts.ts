// The authorizer's count of password attempts per username, shared by every instance: the
// limit on failed attempts that keeps a flood of bad passwords from burning the CPU that
// legitimate logins need. redis-login-attempts.ts is the adapter.

export interface LoginAttempts {
  /**
   * Counts an attempt at `username`'s password before it is checked; false when the
   * username has used up its window's attempts (its lock ends with the window). Counting
   * before checking means concurrent attempts cannot all slip in before the first fails.
   */
  admit(username: string): Promise<boolean>;
  /** Takes back an admitted attempt whose password was right: only failures count. */
  succeeded(username: string): Promise<void>;
}
