import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupsApi, type GroupSummary } from './api';

/** Operators set how many members a group takes. */
export function CapacityEditor({ slug, group }: { slug: string; group: GroupSummary }) {
  const { t } = useTranslation('groups');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<number | null>(group.capacity);
  const save = useMutation({
    mutationFn: (capacity: number) => groupsApi.update(slug, group.id, { capacity }),
    onSuccess: async () => {
      void message.success(t('saved'));
      setEditing(false);
      await Promise.all(
        ['group', 'groups', 'overview'].map((key) => queryClient.invalidateQueries({ queryKey: [key, slug] })),
      );
    },
    onError: (error: Error) => void message.error(t('saveFailed', { message: error.message })),
  });
  if (!editing) {
    return (
      <Button
        size="small"
        data-testid="capacity-edit"
        onClick={() => {
          setValue(group.capacity);
          setEditing(true);
        }}
      >
        {t('editCapacity')}
      </Button>
    );
  }
  return (
    <Space wrap>
      <InputNumber<number>
        min={1}
        max={100_000}
        precision={0}
        value={value}
        onChange={(v) => setValue(v)}
        data-testid="capacity-input"
      />
      <Button
        type="primary"
        size="small"
        loading={save.isPending}
        disabled={value === null}
        onClick={() => value !== null && save.mutate(value)}
        data-testid="capacity-save"
      >
        {t('save')}
      </Button>
      <Button size="small" onClick={() => setEditing(false)}>
        {t('cancel')}
      </Button>
    </Space>
  );
}
