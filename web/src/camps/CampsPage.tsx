import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, Flex, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys, type CampListItem } from './api';
import './locales';
import { TEMPLATE_NAMES } from './types';

const STATUS_BADGE = { upcoming: 'default', running: 'processing', finished: 'success' } as const;

/** The community's camps, and (for operators) the template cards that start a new one. */
export default function CampsPage() {
  const { t } = useTranslation('camps');
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const canCreate = useCan(slug, 'operator');
  const camps = useQuery({ queryKey: campKeys.list(slug), queryFn: () => campApi.list(slug) });

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('intro')}</Typography.Text>
      </div>
      {canCreate && (
        <div data-testid="camp-templates">
          <Typography.Title level={5}>{t('fromTemplate')}</Typography.Title>
          <Row gutter={[12, 12]}>
            {TEMPLATE_NAMES.map((name) => (
              <Col key={name} xs={24} sm={12} xl={6}>
                <Card
                  hoverable
                  size="small"
                  data-testid={`camp-template-${name}`}
                  onClick={() => navigate(`/c/${slug}/camps/new?template=${name}`)}
                  title={t(`templates.${name}.name`)}
                >
                  <Typography.Text type="secondary">{t(`templates.${name}.hint`)}</Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
        </div>
      )}
      {!camps.data ? (
        <QueryState error={camps.error} refetch={camps.refetch} />
      ) : camps.data.length === 0 ? (
        <Empty description={t('none')} />
      ) : (
        <Table<CampListItem>
          data-testid="camps-table"
          rowKey="id"
          dataSource={camps.data}
          pagination={camps.data.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 720 }}
          onRow={(c) => ({ onClick: () => navigate(`/c/${slug}/camps/${c.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('columns.name'),
              dataIndex: 'name',
              render: (_, c) => (
                <Link to={`/c/${slug}/camps/${c.id}`} data-testid="camp-link" onClick={(e) => e.stopPropagation()}>
                  {c.name}
                </Link>
              ),
            },
            {
              title: t('columns.dates'),
              key: 'dates',
              render: (_, c) => `${c.startDate} – ${c.endDate} · ${t('days', { count: c.lengthDays })}`,
            },
            {
              title: t('columns.status'),
              key: 'status',
              render: (_, c) => (
                <Badge status={STATUS_BADGE[c.status]} text={t(`status.${c.status}`)} data-testid="camp-status" />
              ),
            },
            {
              title: t('columns.today'),
              key: 'today',
              align: 'right',
              render: (_, c) =>
                c.today
                  ? t('todayRate', {
                      checkedIn: c.today.checkedIn,
                      enrolled: c.enrolled,
                      percent: Math.round(c.today.rate * 100),
                    })
                  : '—',
            },
            { title: t('columns.window'), key: 'window', render: (_, c) => t('window', c.window) },
            { title: t('columns.enrolled'), dataIndex: 'enrolled', align: 'right' },
          ]}
        />
      )}
    </Flex>
  );
}
