import { Alert, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localized } from '../camps/types';
import type { CheckinAnswer, MemberState } from './api';

/** The answer to a successful check-in: the streak now, what was recorded, and any points, milestones or badges it earned. */
export function Rewards({ answer, badges }: { answer: CheckinAnswer; badges: MemberState['badges'] }) {
  const { t, i18n } = useTranslation('member');
  // The answer names badges by code; their names come with the page's state, refreshed after the check-in.
  const badgeName = (code: string) => {
    const badge = badges.find((b) => b.code === code);
    return badge ? localized(badge.name, i18n.language) : code;
  };
  const { checkin, streak, rewards } = answer;
  const title =
    checkin.kind === 'makeup'
      ? t('successMakeUp', { date: checkin.date, count: streak.currentStreak })
      : t('success', { count: streak.currentStreak });
  return (
    <div data-testid="member-success">
      <Alert
        type="success"
        showIcon
        title={title}
        description={
          <Flex vertical gap={4}>
            {(checkin.text || checkin.number !== null || checkin.link) && (
              <div data-testid="member-own-checkin">
                <Typography.Text type="secondary">{t('yourCheckin')}: </Typography.Text>
                {checkin.number !== null && <Typography.Text strong>{checkin.number} </Typography.Text>}
                {checkin.text && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{checkin.text}</Typography.Text>}
                {checkin.link && <Typography.Text> {checkin.link}</Typography.Text>}
              </div>
            )}
            <Flex wrap gap={4} data-testid="member-rewards">
              {rewards.points > 0 && <Tag color="gold">{t('rewardPoints', { points: rewards.points })}</Tag>}
              {rewards.milestones.map((days) => (
                <Tag key={days} color="magenta">
                  {t('rewardMilestone', { days })}
                </Tag>
              ))}
              {rewards.badges.map((code) => (
                <Tag key={code} color="purple">
                  {t('rewardBadge')}: {badgeName(code)}
                </Tag>
              ))}
            </Flex>
          </Flex>
        }
      />
    </div>
  );
}
