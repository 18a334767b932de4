import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { membersApi } from '../api';
import { useFormatTime } from '../../ui/time';

const COLORS: Record<string, string> = {
  message: 'blue',
  check_in: 'green',
  join: 'cyan',
  leave: 'gray',
  care: 'gold',
  note: 'purple',
  blacklist: 'red',
};

/** The member's events, newest first, paged backwards with "load more". */
export function ProfileTimeline({ slug, memberId }: { slug: string; memberId: number }) {
  const { t } = useTranslation('members');
  const formatTime = useFormatTime(slug);
  const { t: tc } = useTranslation();
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', slug, memberId],
    queryFn: ({ pageParam }) => membersApi.timeline(slug, memberId, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card size="small" title={t('profile.timeline')} data-testid="profile-timeline">
      {timeline.isPending && <Spin />}
      {timeline.error && <Alert type="error" title={tc('error', { message: timeline.error.message })} />}
      {!timeline.isPending && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.noEvents')} />
      )}
      <Timeline
        items={items.map((item, index) => ({
          key: `${item.at}-${index}`,
          color: COLORS[item.kind] ?? 'gray',
          content: (
            <Space orientation="vertical" size={0} data-testid="timeline-item" data-kind={item.kind}>
              <Space wrap size={4}>
                <Tag color={COLORS[item.kind]}>{t(`profile.kinds.${item.kind}`, { defaultValue: item.kind })}</Tag>
                <Typography.Text type="secondary">{formatTime(item.at)}</Typography.Text>
                {item.groupName &&
                  (item.groupId ? (
                    <Link to={`/c/${slug}/groups/${item.groupId}`}>{item.groupName}</Link>
                  ) : (
                    <Typography.Text type="secondary">{item.groupName}</Typography.Text>
                  ))}
              </Space>
              {item.text && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Typography.Text>}
            </Space>
          ),
        }))}
      />
      {timeline.hasNextPage && (
        <Button
          block
          loading={timeline.isFetchingNextPage}
          onClick={() => void timeline.fetchNextPage()}
          data-testid="profile-timeline-more"
        >
          {t('profile.loadMore')}
        </Button>
      )}
    </Card>
  );
}
