import { useQuery } from '@tanstack/react-query';
import { Flex, Segmented, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys, type LeaderboardWindow, type StaffLeaderboard } from './api';
import { MemberLink } from './MemberLink';
import { LEADERBOARD_WINDOWS, type CampTabProps } from './types';

/** Points ranking over a chosen window. */
export function LeaderboardTab({ slug, campId }: CampTabProps) {
  const { t } = useTranslation('camps');
  const [window, setWindow] = useState<LeaderboardWindow>('camp');
  const board = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'leaderboard', window],
    queryFn: () => campApi.leaderboard(slug, campId, window),
  });
  return (
    <Flex vertical gap={12}>
      <Segmented<LeaderboardWindow>
        value={window}
        onChange={setWindow}
        options={LEADERBOARD_WINDOWS.map((w) => ({ value: w, label: t(`leaderboard.windows.${w}`) }))}
        style={{ alignSelf: 'flex-start' }}
        data-testid="leaderboard-window"
      />
      {!board.data ? (
        <QueryState error={board.error} refetch={board.refetch} />
      ) : (
        <Table<StaffLeaderboard['rows'][number]>
          size="small"
          rowKey="memberId"
          data-testid="camp-leaderboard"
          dataSource={board.data.rows}
          locale={{ emptyText: t('leaderboard.none') }}
          pagination={board.data.rows.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: t('leaderboard.rank'), dataIndex: 'rank', width: 80 },
            {
              title: t('leaderboard.member'),
              dataIndex: 'displayName',
              render: (name: string, row) => <MemberLink slug={slug} memberId={row.memberId} name={name} />,
            },
            { title: t('leaderboard.points'), dataIndex: 'points', align: 'right' },
          ]}
        />
      )}
    </Flex>
  );
}
