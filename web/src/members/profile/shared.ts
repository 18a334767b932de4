import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** A timestamp from the API (epoch ms or ISO text) as local date and time. */
export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return dayjs(value).format('YYYY-MM-DD HH:mm');
}

export const profileKey = (slug: string, memberId: string) => ['member', slug, memberId];

/** A write on the profile that refreshes the profile (and lists) when it succeeds. */
export function useProfileMutation<V>(slug: string, memberId: string, fn: (values: V) => Promise<unknown>, onSuccess?: () => void) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('members');
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: profileKey(slug, memberId) });
      void client.invalidateQueries({ queryKey: ['timeline', slug, memberId] });
      void client.invalidateQueries({ queryKey: ['members', slug] });
      void message.success(t('profile.saved'));
      onSuccess?.();
    },
    onError: (error) => void message.error(error.message),
  });
}
