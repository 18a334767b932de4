import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { GroupOption, TagCount } from './types';

/** The community's groups, for filter and role selects. */
export function useGroupOptions(slug: string) {
  return useQuery({
    queryKey: ['groups', slug],
    queryFn: () => api.get<GroupOption[]>(`/communities/${slug}/groups`),
  });
}

/** Tags in use, with member counts. */
export function useTagOptions(slug: string) {
  return useQuery({
    queryKey: ['tags', slug],
    queryFn: () => api.get<TagCount[]>(`/communities/${slug}/tags`),
  });
}

/** A tag's label: rule tags are named in the current language, manual tags as typed. */
export function useTagLabel() {
  const { t } = useTranslation('members');
  return (tag: string) => t(`ruleTags.${tag}`, { defaultValue: tag });
}
