import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CalendarDay, DayStatus } from './calendar';

// Colours carry the status at a glance; the title and legend say it in words.
const STYLE: Record<DayStatus, { background: string; color: string; border?: string }> = {
  checked: { background: '#52c41a', color: '#fff' },
  makeup: { background: '#95de64', color: '#135200' },
  voided: { background: '#fff1f0', color: '#a8071a', border: '1px dashed #ff7875' },
  missed: { background: '#f0f0f0', color: '#8c8c8c' },
  today: { background: '#fff', color: '#1677ff', border: '2px solid #1677ff' },
  future: { background: '#fff', color: '#bfbfbf', border: '1px solid #f0f0f0' },
};
const LEGEND: DayStatus[] = ['checked', 'makeup', 'missed', 'voided', 'today', 'future'];

/** The camp's days in a grid of seven, each marked checked, made up, missed, voided, today or to come. */
export function CampCalendar({ days }: { days: CalendarDay[] }) {
  const { t } = useTranslation('member');
  return (
    <Card size="small" title={t('calendar')}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 6 }} data-testid="member-calendar">
        {days.map((d) => (
          <div
            key={d.date}
            title={`${d.date} · ${t(`statuses.${d.status}`)}`}
            role="img"
            aria-label={`${d.date} ${t(`statuses.${d.status}`)}`}
            data-testid="calendar-day"
            data-date={d.date}
            data-status={d.status}
            style={{
              ...STYLE[d.status],
              borderRadius: 8,
              aspectRatio: '1',
              display: 'grid',
              placeItems: 'center',
              fontSize: 13,
              fontWeight: 500,
            }}
          >
            {d.day}
          </div>
        ))}
      </div>
      <Flex wrap gap={8} style={{ marginTop: 8 }}>
        {LEGEND.map((status) => (
          <Flex key={status} align="center" gap={4}>
            <span style={{ ...STYLE[status], width: 12, height: 12, borderRadius: 3, display: 'inline-block' }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`statuses.${status}`)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
