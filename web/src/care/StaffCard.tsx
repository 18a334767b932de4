import { Badge, Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CareItemRow } from './CareItemRow';
import type { CareStaff } from './api';
import { CARE_KINDS } from './types';

interface Props {
  slug: string;
  day: string;
  staff: CareStaff;
  canWrite: boolean;
}

/** One staff member's care list, in three sections: encourage, help, contact. */
export function StaffCard({ slug, day, staff, canWrite }: Props) {
  const { t } = useTranslation('care');
  const done = staff.items.filter((i) => i.done).length;
  const title =
    staff.staffMemberId !== null ? (
      <Link to={`/c/${slug}/members/${staff.staffMemberId}`}>{staff.staffName ?? `#${staff.staffMemberId}`}</Link>
    ) : (
      t('unassigned')
    );
  return (
    <Card
      size="small"
      title={<span data-testid="care-staff-name">{title}</span>}
      extra={<Typography.Text type="secondary">{t('doneCount', { done, total: staff.items.length })}</Typography.Text>}
      data-testid="care-staff-card"
    >
      {CARE_KINDS.map((kind) => {
        const items = staff.items.filter((i) => i.kind === kind);
        return (
          <div key={kind} data-testid={`care-section-${kind}`} style={{ marginBottom: 12 }}>
            <Space size={6}>
              <Typography.Text strong>{t(`kinds.${kind}`)}</Typography.Text>
              <Badge
                count={items.filter((i) => !i.done).length}
                showZero
                color={items.length ? '#1677ff' : '#d9d9d9'}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`kindHints.${kind}`)}
              </Typography.Text>
            </Space>
            {items.length === 0 ? (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                {t('none')}
              </Typography.Paragraph>
            ) : (
              <List
                size="small"
                dataSource={items}
                renderItem={(item) => (
                  <CareItemRow key={item.memberId} slug={slug} day={day} item={item} canWrite={canWrite} />
                )}
              />
            )}
          </div>
        );
      })}
    </Card>
  );
}
