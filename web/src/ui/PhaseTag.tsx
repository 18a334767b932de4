import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schema } from '../api/client';

type Phase = Schema<'Phase'>;

/** Lifecycle phase colours: honeymoon green, cooling gold, fading orange, silent red. */
export const PHASE_COLOURS: Record<Phase, string> = {
  honeymoon: 'green',
  cooling: 'gold',
  fading: 'orange',
  silent: 'red',
};
/** The same colours as hex, for charts. */
export const PHASE_HEX: Record<Phase, string> = {
  honeymoon: '#52c41a',
  cooling: '#faad14',
  fading: '#fa8c16',
  silent: '#f5222d',
};
export const PHASES: Phase[] = ['honeymoon', 'cooling', 'fading', 'silent'];

export function PhaseTag({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  return (
    <Tag color={PHASE_COLOURS[phase] ?? 'default'} data-testid="phase-tag" data-phase={phase}>
      {t(`phases.${phase}`)}
    </Tag>
  );
}
