/**
 * The one spelling of an email address that accounts are stored, found and rate-limited under:
 * NFKC (full-width letters and digits, which an IME in full-width mode types, become ASCII), no
 * surrounding white space, lower case. Sign-in limits are keyed on it, so no other spelling of an
 * address escapes the limit or reaches a locked account.
 */
export function canonicalEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
