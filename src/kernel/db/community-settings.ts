/**
 * Parses a community's settings JSON (the `communities.settings` column), tolerating an empty or
 * damaged value: the event log reads its question lists, features their own keys.
 */
export function parseSettings(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
