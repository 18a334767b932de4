import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys } from './api';
import { campToForm, formToBody, type CampFormValues } from './campForm';
import { CampForm } from './CampForm';
import './locales';

/** The same form as creation, filled with the camp's settings; saving sends a PATCH. */
export default function CampEditPage() {
  const { t } = useTranslation('camps');
  const { t: tc } = useTranslation();
  const { slug = '' } = useParams();
  const campId = Number(useParams().campId);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canEdit = useCan(slug, 'operator');
  const camp = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'settings'],
    queryFn: () => campApi.get(slug, campId),
  });
  const save = useMutation({
    mutationFn: (values: CampFormValues) => campApi.update(slug, campId, formToBody(values)),
    onSuccess: () => {
      void message.success(t('form.saved'));
      void client.invalidateQueries({ queryKey: campKeys.list(slug) });
      navigate(`/c/${slug}/camps/${campId}`);
    },
  });

  if (!canEdit) return <Navigate to={`/c/${slug}/camps/${campId}`} replace />;
  if (!camp.data) return <QueryState error={camp.error} refetch={camp.refetch} />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('form.editTitle', { name: camp.data.name })}
      </Typography.Title>
      {save.error && (
        <Alert
          type="error"
          showIcon
          title={tc('error', { message: save.error.message })}
          data-testid="camp-form-error"
        />
      )}
      <CampForm
        slug={slug}
        initial={campToForm(camp.data)}
        submitLabel={t('form.save')}
        busy={save.isPending}
        onSubmit={(values) => save.mutate(values)}
        onCancel={() => navigate(`/c/${slug}/camps/${campId}`)}
      />
    </Flex>
  );
}
