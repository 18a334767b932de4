import { Button, Card, List, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useGroupOptions } from '../options';
import { DUTY_ROLES, type Id, type MemberProfile } from '../types';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canEdit: boolean;
}

const WHOLE = 'all';

/** Duty roles held, in a group or the whole community; operators assign and remove them. */
export function ProfileRoles({ slug, member, canEdit }: Props) {
  const { t } = useTranslation('members');
  const groups = useGroupOptions(slug);
  const [role, setRole] = useState<string>();
  const [group, setGroup] = useState<string>(WHOLE);
  const id = String(member.id);
  const path = `/communities/${slug}/members/${member.id}/roles`;
  // The API takes `groupId` only for a role in one group; without it the role covers the whole community.
  const body = (v: { role: string; groupId: Id | null }) => (v.groupId === null ? { role: v.role } : v);
  const assign = useProfileMutation(
    slug,
    id,
    (v: { role: string; groupId: Id | null }) => api.put(path, body(v)),
    () => setRole(undefined),
  );
  const remove = useProfileMutation(slug, id, (v: { role: string; groupId: Id | null }) => api.delete(path, body(v)));

  return (
    <Card size="small" title={t('profile.roles')} data-testid="profile-roles">
      <List
        size="small"
        locale={{ emptyText: t('profile.noRoles') }}
        dataSource={member.roles}
        renderItem={(r) => (
          <List.Item
            actions={
              canEdit
                ? [
                    <Popconfirm
                      key="remove"
                      title={t('profile.removeRole')}
                      onConfirm={() => remove.mutate({ role: r.role, groupId: r.groupId })}
                    >
                      <Button size="small" type="link" danger>
                        {t('profile.removeRoleButton')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space>
              <Typography.Text strong>{t(`roles.${r.role}`, { defaultValue: r.role })}</Typography.Text>
              <Typography.Text type="secondary">{r.groupName ?? t('profile.wholeCommunity')}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canEdit && (
        <Space wrap style={{ marginTop: 12 }}>
          <Select
            style={{ minWidth: 130 }}
            placeholder={t('profile.role')}
            value={role}
            onChange={setRole}
            options={DUTY_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="profile-role-select"
          />
          <Select
            style={{ minWidth: 160 }}
            value={group}
            onChange={setGroup}
            options={[
              { value: WHOLE, label: t('profile.wholeCommunity') },
              ...(groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name })),
            ]}
            data-testid="profile-role-group"
          />
          <Button
            disabled={!role}
            loading={assign.isPending}
            onClick={() => role && assign.mutate({ role, groupId: group === WHOLE ? null : Number(group) })}
            data-testid="profile-role-assign"
          >
            {t('profile.assign')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
