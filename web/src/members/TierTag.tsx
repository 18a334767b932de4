import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { asTier, tierColor } from './types';

/** A member's tier as a coloured tag, in the current language; nothing for none (or one this console does not know). */
export function TierTag({ tier: text }: { tier: string | null }) {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('members');
  const tier = asTier(text);
  if (!tier) return null;
  return (
    <Tag color={tierColor(tier)} data-testid="tier-tag">
      {tier === 'gone' ? tm('gone') : t(`tiers.${tier}`)}
    </Tag>
  );
}
