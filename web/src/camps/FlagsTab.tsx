import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { MemberLink } from './MemberLink';
import { campApi, campKeys, type Flag, type FlagAction } from './api';
import { ReasonButton } from '../ui/ReasonButton';
import { clockIn, type CampTabProps } from './types';

/** Check-ins flagged as copies, each beside the earlier check-in it resembles, with what to do about it. */
export function FlagsTab({ slug, campId, timezone, canOperate }: CampTabProps) {
  const { t } = useTranslation('camps');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const flags = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'flags', status],
    queryFn: () => campApi.flags(slug, campId, status),
  });
  const resolve = useMutation({
    mutationFn: ({ id, action, reason }: { id: number; action: FlagAction; reason?: string }) =>
      campApi.resolveFlag(slug, campId, id, action, reason),
    onSuccess: () => {
      void message.success(t('flags.resolved'));
      void client.invalidateQueries({ queryKey: campKeys.camp(slug, campId) });
    },
    onError: (error) => void message.error(error.message),
  });
  const busy = (id: number, action: FlagAction) =>
    resolve.isPending && resolve.variables?.id === id && resolve.variables.action === action;

  return (
    <Flex vertical gap={12}>
      <Segmented<'open' | 'all'>
        value={status}
        onChange={setStatus}
        options={[
          { value: 'open', label: t('flags.open') },
          { value: 'all', label: t('flags.all') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {!flags.data ? (
        <QueryState error={flags.error} refetch={flags.refetch} />
      ) : flags.data.length === 0 ? (
        <Empty description={t('flags.none')} />
      ) : (
        flags.data.map((flag) => (
          <Card
            key={flag.id}
            size="small"
            data-testid="camp-flag"
            title={
              <Space>
                <Tag color={flag.score >= 0.9 ? 'red' : 'orange'}>
                  {t('flags.score', { score: Math.round(flag.score * 100) })}
                </Tag>
                <Tag>{t(`flags.statuses.${flag.status}`, { defaultValue: flag.status })}</Tag>
                {flag.resolutionReason && <Typography.Text type="secondary">{flag.resolutionReason}</Typography.Text>}
              </Space>
            }
            extra={
              canOperate &&
              flag.status === 'open' && (
                <Space wrap>
                  <Button
                    size="small"
                    loading={busy(flag.id, 'dismiss')}
                    onClick={() => resolve.mutate({ id: flag.id, action: 'dismiss' })}
                    data-testid="flag-dismiss"
                  >
                    {t('flags.dismiss')}
                  </Button>
                  {(['void', 'blacklist'] as const).map((action) => (
                    <ReasonButton
                      key={action}
                      label={t(`flags.${action}`)}
                      title={t(`flags.${action}`)}
                      placeholder={t('flags.reason')}
                      busy={busy(flag.id, action)}
                      danger
                      testId={`flag-${action}`}
                      onConfirm={(reason) => resolve.mutate({ id: flag.id, action, reason })}
                    />
                  ))}
                </Space>
              )
            }
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <FlaggedText
                  title={t('flags.flagged')}
                  slug={slug}
                  checkin={flag.checkin}
                  timezone={timezone}
                  testId="flag-checkin"
                />
              </Col>
              <Col xs={24} md={12}>
                <FlaggedText
                  title={t('flags.original')}
                  slug={slug}
                  checkin={flag.original}
                  timezone={timezone}
                  testId="flag-original"
                />
              </Col>
            </Row>
          </Card>
        ))
      )}
    </Flex>
  );
}

function FlaggedText({
  title,
  slug,
  checkin,
  timezone,
  testId,
}: {
  title: string;
  slug: string;
  checkin: Flag['checkin'];
  timezone: string;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div>
        <Typography.Text strong>
          <MemberLink slug={slug} memberId={checkin.memberId} name={checkin.displayName} />
        </Typography.Text>
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {checkin.date} {clockIn(checkin.at, timezone)}
        </Typography.Text>
      </div>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8, marginTop: 4 }}>
        {checkin.text ?? ''}
      </Typography.Paragraph>
    </div>
  );
}
