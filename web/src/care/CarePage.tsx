import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Empty, Row, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { api, query } from '../api/client';
import { useCan } from '../auth/AuthContext';
import { StaffCard } from './StaffCard';
import type { CareList } from './types';

export default function CarePage() {
  const { t } = useTranslation('care');
  const { t: tc } = useTranslation();
  const slug = useParams().slug!;
  const canWrite = useCan(slug, 'assistant');
  const [params, setParams] = useSearchParams();
  // Without ?day the server picks the community's today (or the last day of an imported history).
  const requested = params.get('day') ?? undefined;
  const list = useQuery({
    queryKey: ['care', slug, requested ?? 'today'],
    queryFn: () => api.get<CareList>(`/communities/${slug}/care${query({ day: requested })}`),
    placeholderData: keepPreviousData,
  });
  const day = list.data?.day ?? requested;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('intro')}</Typography.Text>
        </div>
        <DatePicker
          allowClear={false}
          value={day ? dayjs(day) : null}
          onChange={(value) => value && setParams({ day: value.format('YYYY-MM-DD') })}
          data-testid="care-day"
        />
      </Space>
      {list.error && <Alert type="error" title={tc('error', { message: list.error.message })} />}
      {list.isPending && <Spin />}
      {list.data && list.data.staff.length === 0 && <Empty description={t('noStaff')} />}
      {list.data && day && (
        <Row gutter={[16, 16]}>
          {list.data.staff.map((staff) => (
            <Col key={staff.staffMemberId ?? 'none'} xs={24} xl={12}>
              <StaffCard slug={slug} day={list.data.day} staff={staff} canWrite={canWrite} />
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
