import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEADERBOARD_WINDOWS } from '../camps/types';
import { memberApi, type LeaderboardWindow } from './api';

const TOP = 10;

/** The top ten, plus the member's own row when it is further down: a phone shows a short list. */
export function shownRows<T extends { isMe: boolean }>(rows: T[]): T[] {
  const top = rows.slice(0, TOP);
  const me = rows.slice(TOP).find((r) => r.isMe);
  return me ? [...top, me] : top;
}

/**
 * The points ranking with window tabs; the member's own row is highlighted. It opens on this camp's
 * own ranking ("本期"), the one the member is competing in, as the staff's leaderboard tab does.
 */
export function MemberLeaderboard({ token }: { token: string }) {
  const { t } = useTranslation('member');
  const [window, setWindow] = useState<LeaderboardWindow>('camp');
  const board = useQuery({
    queryKey: ['member', token, 'leaderboard', window],
    queryFn: () => memberApi.leaderboard(token, window),
    retry: false,
  });
  return (
    <Card size="small" title={t('leaderboard')} data-testid="member-leaderboard">
      <Segmented<LeaderboardWindow>
        block
        size="small"
        value={window}
        onChange={setWindow}
        options={LEADERBOARD_WINDOWS.map((w) => ({ value: w, label: t(`windows.${w}`) }))}
        data-testid="member-leaderboard-window"
      />
      <div style={{ marginTop: 8 }}>
        {board.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} title={false} />
        ) : !board.data ? (
          <Typography.Text type="secondary">{t('unavailable')}</Typography.Text>
        ) : board.data.rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noRanking')} />
        ) : (
          <Flex vertical gap={2}>
            {shownRows(board.data.rows).map((row) => (
              <Flex
                key={`${row.rank}-${row.displayName}-${row.isMe}`}
                justify="space-between"
                data-testid="member-rank-row"
                data-me={row.isMe}
                style={{
                  padding: '6px 8px',
                  borderRadius: 6,
                  background: row.isMe ? '#e6f4ff' : undefined,
                  fontWeight: row.isMe ? 600 : undefined,
                }}
              >
                <Typography.Text ellipsis style={{ maxWidth: '75%' }}>
                  <Typography.Text type="secondary" style={{ display: 'inline-block', width: 28 }}>
                    {row.rank}
                  </Typography.Text>
                  {row.displayName}
                  {row.isMe && ` (${t('me')})`}
                </Typography.Text>
                <Typography.Text>{row.points}</Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
        {board.data && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid="member-my-rank">
            {board.data.me ? t('myRank', board.data.me) : t('notRanked')}
          </Typography.Text>
        )}
      </div>
    </Card>
  );
}
