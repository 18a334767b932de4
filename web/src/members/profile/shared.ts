import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';

export const profileKey = (slug: string, memberId: number) => ['member', slug, memberId];

/** A write on the profile that refreshes the profile (and lists) when it succeeds. */
export function useProfileMutation<V>(
  slug: string,
  memberId: number,
  fn: (values: V) => Promise<unknown>,
  onSuccess?: () => void,
) {
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
