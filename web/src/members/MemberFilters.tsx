import { Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterKey, Filters } from './filters';
import { useGroupOptions, useTagLabel, useTagOptions } from './options';
import { DUTY_ROLES, SOURCES, TIERS } from './types';

interface Props {
  slug: string;
  filters: Filters;
  onChange(changes: Partial<Record<FilterKey, string | undefined>>): void;
  onClear(): void;
}

const DAY = 'YYYY-MM-DD';

/** Search box and filter selects for the members list. */
export function MemberFilters({ slug, filters, onChange, onClear }: Props) {
  const { t } = useTranslation('members');
  const { t: tc } = useTranslation();
  const groups = useGroupOptions(slug);
  const tags = useTagOptions(slug);
  const tagLabel = useTagLabel();
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const select = (
    key: FilterKey,
    placeholder: string,
    options: { value: string; label: string }[],
    testId?: string,
  ) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 150 }}
      placeholder={placeholder}
      value={filters[key]}
      options={options}
      onChange={(value?: string) => onChange({ [key]: value })}
      data-testid={testId ?? `members-filter-${key}`}
    />
  );

  return (
    <Space wrap>
      <Input.Search
        allowClear
        style={{ width: 220 }}
        placeholder={t('search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
        data-testid="members-search"
      />
      {select(
        'tier',
        t('filters.tier'),
        TIERS.map((tier) => ({ value: tier, label: tier === 'gone' ? t('gone') : tc(`tiers.${tier}`) })),
      )}
      {select(
        'tag',
        t('filters.tag'),
        (tags.data ?? []).map((tag) => ({ value: tag.tag, label: `${tagLabel(tag.tag)} (${tag.members})` })),
      )}
      {select(
        'group',
        t('filters.group'),
        (groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name })),
      )}
      {select(
        'source',
        t('filters.source'),
        SOURCES.map((s) => ({ value: s, label: t(`platforms.${s}`) })),
      )}
      {select(
        'role',
        t('filters.role'),
        DUTY_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
      )}
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={[t('filters.joinedFrom'), t('filters.joinedTo')]}
        value={[
          filters.joinedFrom ? dayjs(filters.joinedFrom) : null,
          filters.joinedTo ? dayjs(filters.joinedTo) : null,
        ]}
        onChange={(range) => onChange({ joinedFrom: range?.[0]?.format(DAY), joinedTo: range?.[1]?.format(DAY) })}
        data-testid="members-filter-joined"
      />
      {Object.keys(filters).length > 0 && (
        <Button onClick={onClear} data-testid="members-filter-clear">
          {t('filters.clear')}
        </Button>
      )}
    </Space>
  );
}
