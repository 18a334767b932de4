import { Button, Card, List, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGroupOptions } from '../options';
import { membersApi, type DutyRole, type MemberProfile } from '../api';
import { DUTY_ROLES } from '../types';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canEdit: boolean;
}

const WHOLE = 'all';

/** A role as the profile lists it and the role routes take it: in one group, or (null) everywhere. */
interface RoleChange {
  role: DutyRole;
  groupId: number | null;
}

/** Duty roles held, in a group or the whole community; operators assign and remove them. */
export function ProfileRoles({ slug, member, canEdit }: Props) {
  const { t } = useTranslation('members');
  const groups = useGroupOptions(slug);
  const [role, setRole] = useState<DutyRole>();
  const [group, setGroup] = useState<number | typeof WHOLE>(WHOLE);
  // The API takes `groupId` only for a role in one group; without it the role covers the whole community.
  const body = (v: RoleChange) => (v.groupId === null ? { role: v.role } : v);
  const assign = useProfileMutation(
    slug,
    member.id,
    (v: RoleChange) => membersApi.assignRole(slug, member.id, body(v)),
    () => setRole(undefined),
  );
  const remove = useProfileMutation(slug, member.id, (v: RoleChange) =>
    membersApi.removeRole(slug, member.id, body(v)),
  );

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
                      onConfirm={() => {
                        const held = DUTY_ROLES.find((d) => d === r.role);
                        if (held) remove.mutate({ role: held, groupId: r.groupId });
                      }}
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
              ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
            ]}
            data-testid="profile-role-group"
          />
          <Button
            disabled={!role}
            loading={assign.isPending}
            onClick={() => role && assign.mutate({ role, groupId: group === WHOLE ? null : group })}
            data-testid="profile-role-assign"
          >
            {t('profile.assign')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
