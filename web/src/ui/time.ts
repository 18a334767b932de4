import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import './locales';

const formats = new Map<string, Intl.DateTimeFormat>();

type Instant = number | string | null | undefined;

/** A timestamp from the API (epoch ms or ISO text) as "YYYY-MM-DD HH:mm" in `timeZone`. */
export function formatTime(value: Instant, timeZone?: string, options: { short?: boolean } = {}): string {
  if (value === null || value === undefined) return '';
  const key = `${timeZone ?? ''}|${options.short ? 's' : ''}`;
  let format = formats.get(key);
  if (!format) {
    // sv-SE writes dates the ISO way: 2024-03-03 07:05.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      ...(options.short ? {} : { year: 'numeric' }),
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(key, format);
  }
  return format.format(new Date(value));
}

/** The IANA zone of a community the operator can see (undefined until signed in). */
export function useCommunityZone(slug: string): string | undefined {
  const { me } = useAuth();
  return me?.communities.find((c) => c.slug === slug)?.timezone;
}

/**
 * The console's one way to show a time: in the community's zone, the one its days are counted in,
 * never the browser's. `time` for a table whose header carries the zone (`column`), `labelled`
 * for a time standing alone ("2024-03-03 09:00 (Asia/Shanghai)").
 *
 * @example
 * const clock = useCommunityTime(slug);
 * columns = [{ title: clock.column(t('when')), render: (at) => clock.time(at) }];
 */
export function useCommunityTime(slug: string) {
  const zone = useCommunityZone(slug);
  const { t } = useTranslation('ui');
  return useMemo(
    () => ({
      zone,
      time: (value: Instant) => formatTime(value, zone),
      short: (value: Instant) => formatTime(value, zone, { short: true }),
      labelled: (value: Instant) =>
        value === null || value === undefined ? '' : `${formatTime(value, zone)} (${zone ?? 'UTC'})`,
      column: (title: string) => (zone ? t('time.column', { title, zone }) : title),
      hint: zone ? t('time.zoneHint', { zone }) : '',
    }),
    [zone, t],
  );
}

/** Formats times in the community's time zone (`useCommunityTime(slug).time`). */
export function useFormatTime(slug: string) {
  const zone = useCommunityZone(slug);
  return useCallback((value: Instant) => formatTime(value, zone), [zone]);
}
