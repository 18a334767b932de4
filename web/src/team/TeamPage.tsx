import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { AccessRole } from '../auth/api';
import { useAuth } from '../auth/AuthContext';
import { QueryState } from '../ui/QueryState';
import { type TeamInvite, type TeamMember, teamApi, teamKeys } from './api';
import { LinkNotice } from './LinkNotice';
import './locales';

const ROLES: AccessRole[] = ['owner', 'admin', 'operator', 'assistant', 'analyst'];

/** The roles the signed-in operator may give (docs/access.md): admins below admin, owners any. */
function grantable(mine: AccessRole | undefined): AccessRole[] {
  if (mine === 'owner') return ROLES;
  if (mine === 'admin') return ROLES.slice(2);
  return [];
}

export default function TeamPage() {
  const { t, i18n } = useTranslation('team');
  const { slug = '' } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mine = me?.communities.find((c) => c.slug === slug)?.role;
  const roles = grantable(mine);
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<{ message: string; path: string } | null>(null);
  const team = useQuery({ queryKey: teamKeys.team(slug), queryFn: () => teamApi.team(slug) });
  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language);
  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const act = useMutation({
    mutationFn: (work: () => Promise<unknown>) => work(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: teamKeys.team(slug) });
      void queryClient.invalidateQueries({ queryKey: teamKeys.audit(slug) });
    },
    onError: (e: Error) => void message.error(t('failed', { message: e.message })),
  });

  const invite = useMutation({
    mutationFn: (values: { email: string; role: AccessRole }) => teamApi.invite(slug, values.email, values.role),
    onSuccess: (created) => {
      setInviting(false);
      setNotice({ message: t('created', { email: created.email }), path: created.path });
      void queryClient.invalidateQueries({ queryKey: teamKeys.team(slug) });
    },
    onError: (e: Error) => void message.error(t('failed', { message: e.message })),
  });

  const reset = useMutation({
    mutationFn: (member: TeamMember) => teamApi.resetPassword(slug, member.accountId),
    onSuccess: (link, member) => setNotice({ message: t('resetCreated', { email: member.email }), path: link.path }),
    onError: (e: Error) => void message.error(t('failed', { message: e.message })),
  });

  if (!team.data) return <QueryState error={team.error} refetch={team.refetch} />;
  const mayTouch = (role: string) => roles.includes(role as AccessRole);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {notice && <LinkNotice message={notice.message} path={notice.path} onClose={() => setNotice(null)} />}
      <Card
        title={t('members')}
        extra={
          <Button type="primary" onClick={() => setInviting(true)} data-testid="team-invite">
            {t('invite')}
          </Button>
        }
      >
        <Table<TeamMember>
          rowKey="accountId"
          dataSource={team.data.members}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('email'), dataIndex: 'email' },
            { title: t('name'), dataIndex: 'name' },
            {
              title: t('role'),
              dataIndex: 'role',
              render: (role: string, member) =>
                mayTouch(role) && member.email !== me?.account.email ? (
                  <Select
                    size="small"
                    value={role as AccessRole}
                    style={{ minWidth: 160 }}
                    options={roleOptions}
                    data-testid={`team-role-${member.email}`}
                    onChange={(next: AccessRole) => act.mutate(() => teamApi.changeRole(slug, member.accountId, next))}
                  />
                ) : (
                  t(`roles.${role}`, role)
                ),
            },
            { title: t('since'), dataIndex: 'createdAt', render: when },
            {
              title: t('actions'),
              render: (_, member) =>
                member.email === me?.account.email ? null : (
                  <Space>
                    {mayTouch(member.role) && (
                      <Popconfirm
                        title={t('removeConfirm', { email: member.email })}
                        onConfirm={() => act.mutate(() => teamApi.remove(slug, member.accountId))}
                      >
                        <Button size="small" danger>
                          {t('remove')}
                        </Button>
                      </Popconfirm>
                    )}
                    {mine === 'owner' && (
                      <Popconfirm
                        title={t('resetConfirm', { email: member.email })}
                        onConfirm={() => reset.mutate(member)}
                      >
                        <Button size="small">{t('resetPassword')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('invites')}>
        <Table<TeamInvite>
          rowKey="id"
          dataSource={team.data.invites}
          pagination={false}
          locale={{ emptyText: t('noInvites') }}
          scroll={{ x: true }}
          data-testid="team-invites"
          columns={[
            { title: t('email'), dataIndex: 'email' },
            { title: t('role'), dataIndex: 'role', render: (role: string) => t(`roles.${role}`) },
            { title: t('invitedBy'), dataIndex: 'invitedBy', render: (v: string | null) => v ?? '—' },
            { title: t('expires'), dataIndex: 'expiresAt', render: when },
            {
              title: t('actions'),
              render: (_, invite) =>
                mayTouch(invite.role) && (
                  <Popconfirm
                    title={t('revokeConfirm', { email: invite.email })}
                    onConfirm={() => act.mutate(() => teamApi.revokeInvite(slug, invite.id))}
                  >
                    <Button size="small" danger>
                      {t('revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={inviting} title={t('inviteTitle')} onCancel={() => setInviting(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={invite.mutate} initialValues={{ role: 'assistant' }} requiredMark={false}>
          <Form.Item name="email" label={t('email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="off" data-testid="invite-email" />
          </Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
            <Select options={roleOptions} data-testid="invite-role" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={invite.isPending} data-testid="invite-submit">
            {t('invite')}
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
