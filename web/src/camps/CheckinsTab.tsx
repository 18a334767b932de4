import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Image, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys, checkinImageUrl, type DayCheckin } from './api';
import { ReasonButton } from '../ui/ReasonButton';
import { MemberLink } from './MemberLink';
import { clockIn, type CampTabProps } from './types';

/** What a check-in carried: its number, text and link, all shown as text, and its photo. */
export function CheckinContent({
  checkin,
  imageUrl,
}: {
  checkin: Pick<DayCheckin, 'text' | 'number' | 'link'>;
  imageUrl?: string;
}) {
  return (
    <Space orientation="vertical" size={0}>
      {imageUrl && (
        <Image
          src={imageUrl}
          width={72}
          height={72}
          style={{ objectFit: 'cover', borderRadius: 4 }}
          data-testid="camp-checkin-image"
        />
      )}
      {checkin.number !== null && <Typography.Text strong>{checkin.number}</Typography.Text>}
      {checkin.text && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{checkin.text}</Typography.Text>}
      {checkin.link && (
        <Typography.Link href={checkin.link} target="_blank" rel="noopener noreferrer nofollow">
          {checkin.link}
        </Typography.Link>
      )}
    </Space>
  );
}

/** The check-ins of the chosen day, newest first, with "void" for operators. */
export function CheckinsTab({ slug, campId, date, timezone, canOperate }: CampTabProps) {
  const { t } = useTranslation('camps');
  const { message } = App.useApp();
  const client = useQueryClient();
  const checkins = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'checkins', date ?? 'today'],
    queryFn: () => campApi.checkins(slug, campId, date),
  });
  const voidOne = useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => campApi.voidCheckin(slug, campId, id, reason),
    onSuccess: () => {
      void message.success(t('checkins.voidedDone'));
      void client.invalidateQueries({ queryKey: campKeys.camp(slug, campId) });
    },
    onError: (error) => void message.error(error.message),
  });
  if (!checkins.data) return <QueryState error={checkins.error} refetch={checkins.refetch} />;
  const rows = [...checkins.data].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Table<DayCheckin>
      size="small"
      rowKey="id"
      data-testid="camp-checkins"
      dataSource={rows}
      locale={{ emptyText: t('checkins.none') }}
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: 720 }}
      onRow={(c) =>
        ({
          'data-testid': 'camp-checkin',
          'data-member-id': c.memberId,
          'data-voided': c.voided !== null,
        }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('checkins.member'),
          dataIndex: 'displayName',
          render: (name: string, c) => (
            <span data-testid="camp-checkin-name">
              <MemberLink slug={slug} memberId={c.memberId} name={name} />
            </span>
          ),
        },
        { title: t('checkins.at'), dataIndex: 'at', render: (at: string) => clockIn(at, timezone), width: 90 },
        {
          title: t('checkins.kind'),
          dataIndex: 'kind',
          width: 90,
          render: (kind: string) => t(`checkins.kinds.${kind}`, { defaultValue: kind }),
        },
        {
          title: t('checkins.content'),
          key: 'content',
          render: (_, c) => (
            <CheckinContent checkin={c} imageUrl={c.hasImage ? checkinImageUrl(slug, campId, c.id) : undefined} />
          ),
        },
        {
          title: t('checkins.status'),
          key: 'status',
          render: (_, c) =>
            c.voided ? (
              <Tag color="default">{t('checkins.voided', { reason: c.voided.reason })}</Tag>
            ) : canOperate ? (
              <Space>
                <Tag color="success">{t('checkins.valid')}</Tag>
                <ReasonButton
                  label={t('checkins.void')}
                  title={t('checkins.voidTitle')}
                  placeholder={t('checkins.voidReason')}
                  busy={voidOne.isPending && voidOne.variables?.id === c.id}
                  danger
                  testId="checkin-void"
                  onConfirm={(reason) => voidOne.mutate({ id: c.id, reason })}
                />
              </Space>
            ) : (
              <Tag color="success">{t('checkins.valid')}</Tag>
            ),
        },
      ]}
    />
  );
}
