import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Flex, Radio, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl, type Schema } from '../api/client';
import './locales';

export type ShownRange = Schema<'ShownRange'>;
/** The `from`/`to` of a screen's URL, as its API calls pass them on (absent: the server's default). */
export interface RangeQuery {
  from?: string;
  to?: string;
}

const DAY = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * The date range of an analytics screen, kept in its URL (`?from=&to=`) so that a link or a reload
 * shows the same days. Days are calendar days in the community's zone, as the server counts them.
 */
export function useDateRange(): [RangeQuery, (next: RangeQuery | null) => void] {
  const [params, setParams] = useSearchParams();
  const range: RangeQuery = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const set = (next: RangeQuery | null) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        for (const key of ['from', 'to'] as const) {
          const value = next?.[key];
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );
  return [range, set];
}

type Preset = 7 | 30 | 90 | 'all';

/**
 * Presets (last 7/30/90 days, all time) and a custom range picker, the zone the days are counted
 * in, and, when the community has no events in the last 30 days (an imported history), a note that
 * the dates end on its last event day. `download` adds the HTML report of the range, in the
 * console's language.
 */
export function DateRangeBar({ slug, download = false }: { slug: string; download?: boolean }) {
  const { t, i18n } = useTranslation('ui');
  const [query, setQuery] = useDateRange();
  const info = useQuery({
    queryKey: ['range', slug, query.from, query.to],
    queryFn: () => api.get('/api/communities/{slug}/range', { path: { slug }, query }),
  });
  const data = info.data;
  // Presets count back from where the default range ends: today, or an imported history's last day.
  const stale = data?.lastEventDay != null && data.lastEventDay < shift(data.today, -29);
  const defaultEnd = (stale ? data?.lastEventDay : data?.today) ?? '';
  const presetRange = (preset: Preset): RangeQuery | null => {
    if (!data) return null;
    if (preset === 'all')
      return data.firstEventDay ? { from: data.firstEventDay, to: data.lastEventDay ?? data.today } : null;
    return { from: shift(defaultEnd, 1 - preset), to: defaultEnd };
  };
  const current: Preset | 'custom' =
    query.from === undefined && query.to === undefined
      ? 30
      : (([7, 30, 90, 'all'] as const).find((p) => {
          const r = presetRange(p);
          return r?.from === query.from && r?.to === query.to;
        }) ?? 'custom');
  const pick = (preset: Preset) => setQuery(preset === 30 ? null : presetRange(preset));
  const shown = data?.range;
  const labels: Record<Preset, string> = {
    7: t('range.last7'),
    30: t('range.last30'),
    90: t('range.last90'),
    all: t('range.all'),
  };
  const presets = ([7, 30, 90, 'all'] as const).flatMap((p) => {
    const r = presetRange(p);
    return r?.from && r.to
      ? [{ label: labels[p], value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs] }]
      : [];
  });
  return (
    <Flex vertical gap={8} data-testid="date-range">
      <Flex gap={12} wrap align="center">
        <Radio.Group
          optionType="button"
          size="small"
          value={current}
          onChange={(e) => pick(e.target.value as Preset)}
          options={[
            ...([7, 30, 90, 'all'] as const).map((p) => ({ value: p, label: labels[p] })),
            { value: 'custom', label: t('range.custom'), disabled: true },
          ]}
          data-testid="range-presets"
        />
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          value={shown ? [dayjs(shown.from), dayjs(shown.to)] : null}
          presets={presets}
          onChange={(values) => {
            if (values?.[0] && values[1])
              setQuery({ from: values[0].format('YYYY-MM-DD'), to: values[1].format('YYYY-MM-DD') });
          }}
          data-testid="range-picker"
        />
        {data && <Typography.Text type="secondary">{t('range.zone', { zone: data.timezone })}</Typography.Text>}
        {download && shown && (
          <Button
            size="small"
            href={apiUrl('/api/communities/{slug}/report.html', {
              path: { slug },
              query: { from: shown.from, to: shown.to, lang: i18n.language },
            })}
            download
            data-testid="report-html"
          >
            {t('range.downloadHtml')}
          </Button>
        )}
      </Flex>
      {stale && (
        <Alert
          type="info"
          showIcon
          message={t('range.lastEvent', { day: defaultEnd })}
          data-testid="range-last-event"
        />
      )}
    </Flex>
  );
}
