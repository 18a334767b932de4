import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { groupKeys, groupsApi } from '../groups/api';
import { QueryState } from '../ui/QueryState';
import { roomKeys, roomsApi, type Room } from './api';
import './locales';

/** The community's chat rooms; admins create one (a name, rules, the group whose members enter). */
export default function RoomsPage() {
  const { t } = useTranslation('rooms');
  const { slug = '' } = useParams();
  const rooms = useQuery({ queryKey: roomKeys.staffList(slug), queryFn: () => roomsApi.list(slug) });
  const [creating, setCreating] = useState(false);
  if (!rooms.data) return <QueryState error={rooms.error} refetch={rooms.refetch} />;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('count', { count: rooms.data.length })}</Typography.Text>
        </div>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="room-create">
          {t('create')}
        </Button>
      </Flex>
      <Table<Room>
        data-testid="rooms-table"
        rowKey="groupId"
        dataSource={rooms.data}
        pagination={false}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (_, r) => (
              <Link to={`/c/${slug}/rooms/${r.groupId}`} data-testid="room-link">
                {r.name}
              </Link>
            ),
          },
          { title: t('announcement'), dataIndex: 'announcement', ellipsis: true },
          { title: t('lastSeq'), dataIndex: 'lastSeq', align: 'right' },
        ]}
      />
      {creating && <CreateRoom slug={slug} onClose={() => setCreating(false)} />}
    </Flex>
  );
}

function CreateRoom({ slug, onClose }: { slug: string; onClose: () => void }) {
  const { t } = useTranslation('rooms');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string; rules?: string; linkedGroupId?: number }>();
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug) });
  const create = useMutation({
    mutationFn: (values: { name: string; rules?: string; linkedGroupId?: number }) => roomsApi.create(slug, values),
    onSuccess: () => {
      void message.success(t('created'));
      void client.invalidateQueries({ queryKey: roomKeys.staffList(slug) });
      onClose();
    },
    onError: (error) => void message.error(t('failedAction', { message: error.message })),
  });
  return (
    <Modal
      open
      title={t('create')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
      okButtonProps={{ 'data-testid': 'room-create-ok' } as Record<`data-${string}`, string>}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="room-create-name" />
        </Form.Item>
        <Form.Item name="linkedGroupId" label={t('linkedGroup')} extra={t('linkedGroupHint')}>
          <Select
            allowClear
            data-testid="room-create-group"
            options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>
        <Form.Item name="rules" label={t('rules')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
