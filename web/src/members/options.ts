import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { groupKeys, groupsApi } from '../groups/api';
import { membersApi } from './api';

/** The community's groups, for filter and role selects. */
export function useGroupOptions(slug: string) {
  return useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug) });
}

/** Tags in use, with member counts. */
export function useTagOptions(slug: string) {
  return useQuery({ queryKey: ['tags', slug], queryFn: () => membersApi.tags(slug) });
}

/** A tag's label: rule tags are named in the current language, manual tags as typed. */
export function useTagLabel() {
  const { t } = useTranslation('members');
  return (tag: string) => t(`ruleTags.${tag}`, { defaultValue: tag });
}
