import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { TIER_COLORS, type Tier } from './types';

/** A member's tier as a coloured tag, in the current language. */
export function TierTag({ tier }: { tier: Tier | null | undefined }) {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('members');
  if (!tier) return null;
  return (
    <Tag color={TIER_COLORS[tier]} data-testid="tier-tag">
      {tier === 'gone' ? tm('gone') : t(`tiers.${tier}`)}
    </Tag>
  );
}
