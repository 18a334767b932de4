import { useCallback } from 'react';
import { useAuth } from '../auth/AuthContext';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A timestamp from the API (epoch ms or ISO text) as "YYYY-MM-DD HH:mm" in `timeZone`. */
export function formatTime(value: number | string | null | undefined, timeZone?: string): string {
  if (value === null || value === undefined) return '';
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    // sv-SE writes dates the ISO way: 2024-03-03 07:05.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(key, format);
  }
  return format.format(new Date(value));
}

/** Formats times in the community's time zone, the one its days are counted in. */
export function useFormatTime(slug: string) {
  const { me } = useAuth();
  const timeZone = me?.communities.find((c) => c.slug === slug)?.timezone;
  return useCallback((value: number | string | null | undefined) => formatTime(value, timeZone), [timeZone]);
}
