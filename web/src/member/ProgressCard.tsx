import { Button, Card, Col, Divider, Empty, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localized } from '../camps/types';
import { milestoneProgress } from './progress';
import type { MemberState } from './api';

const pct = (ratio: number) => Math.round(Math.min(1, Math.max(0, ratio)) * 100);

/** Streak figures, the bar to the next milestone, points and level, badges and (when earned) the certificate. */
export function ProgressCard({ state }: { state: MemberState }) {
  const { t, i18n } = useTranslation('member');
  const { streak, points, badges, certificate } = state;
  const milestone = milestoneProgress(state);
  const { level } = points;
  return (
    <Card size="small" data-testid="member-progress">
      <Row gutter={8}>
        <Col span={8}>
          <div data-testid="member-streak" data-value={streak.currentStreak}>
            <Statistic
              title={t('streak')}
              value={streak.currentStreak}
              suffix={t('dayUnit', { count: streak.currentStreak })}
            />
          </div>
        </Col>
        <Col span={8}>
          <Statistic title={t('longest')} value={streak.longestStreak} />
        </Col>
        <Col span={8}>
          <Statistic title={t('completed')} value={streak.daysCompleted} suffix={`/ ${streak.lengthDays}`} />
        </Col>
      </Row>
      <div data-testid="member-milestone" style={{ marginTop: 8 }}>
        {milestone ? (
          <>
            <Typography.Text>
              {t('nextMilestone', { count: milestone.remaining, days: milestone.target })}
            </Typography.Text>
            <Progress percent={pct(milestone.ratio)} format={() => `${milestone.done}/${milestone.target}`} />
          </>
        ) : (
          <Typography.Text>{t('allMilestones')}</Typography.Text>
        )}
      </div>
      <Divider style={{ margin: '12px 0' }} />
      <Flex justify="space-between" align="baseline" data-testid="member-points">
        <Typography.Text strong>
          {t('level', { number: level.number, name: localized(level.name, i18n.language) })}
        </Typography.Text>
        <Typography.Text>
          {t('points')} <Typography.Text strong>{points.total}</Typography.Text>
        </Typography.Text>
      </Flex>
      {level.next && level.progress ? (
        <>
          <Progress percent={pct(level.progress.ratio)} strokeColor="#faad14" showInfo={false} />
          <Typography.Text type="secondary">
            {t('nextLevel', { remaining: level.progress.remaining, name: localized(level.next, i18n.language) })}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text type="secondary">{t('topLevel')}</Typography.Text>
      )}
      <Divider style={{ margin: '12px 0' }} />
      <Typography.Text strong>{t('badges')}</Typography.Text>
      <div data-testid="member-badges" style={{ marginTop: 4 }}>
        {badges.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noBadges')} style={{ margin: 0 }} />
        ) : (
          <Flex wrap gap={4}>
            {badges.map((b) => (
              <Tag key={b.code} color="purple" title={t('earned', { date: b.earnedDate })}>
                {localized(b.name, i18n.language)}
              </Tag>
            ))}
          </Flex>
        )}
      </div>
      {certificate && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('certificateHint')}</Typography.Paragraph>
          <Button
            type="primary"
            href={certificate.url}
            target="_blank"
            rel="noopener noreferrer"
            block
            data-testid="member-certificate"
          >
            {t('openCertificate')}
          </Button>
        </>
      )}
    </Card>
  );
}
