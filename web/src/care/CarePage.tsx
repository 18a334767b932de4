import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Empty, Row, Select, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { StaffCard } from './StaffCard';
import { careApi } from './api';
import { staffKey } from './types';

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
    queryFn: () => careApi.list(slug, requested),
    placeholderData: keepPreviousData,
  });
  const day = list.data?.day ?? requested;
  const only = params.get('staff') ?? undefined;
  const shown = list.data?.staff.filter((s) => !only || staffKey(s.staffMemberId) === only) ?? [];
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('intro')}</Typography.Text>
        </div>
        <Space wrap>
          <Select
            allowClear
            style={{ minWidth: 180 }}
            placeholder={t('allStaff')}
            value={only}
            onChange={(value?: string) => setParam('staff', value)}
            options={(list.data?.staff ?? []).map((s) => ({
              value: staffKey(s.staffMemberId),
              label: s.staffName ?? t('unassigned'),
            }))}
            data-testid="care-staff-filter"
          />
          <DatePicker
            allowClear={false}
            value={day ? dayjs(day) : null}
            onChange={(value) => value && setParam('day', value.format('YYYY-MM-DD'))}
            data-testid="care-day"
          />
        </Space>
      </Space>
      {list.error && <Alert type="error" title={tc('error', { message: list.error.message })} />}
      {list.isPending && <Spin />}
      {list.data && list.data.staff.length === 0 && <Empty description={t('noStaff')} />}
      {list.data && day && (
        <Row gutter={[16, 16]}>
          {shown.map((staff) => (
            <Col key={staffKey(staff.staffMemberId)} xs={24} xl={shown.length === 1 ? 24 : 12}>
              <StaffCard slug={slug} day={list.data.day} staff={staff} canWrite={canWrite} />
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
