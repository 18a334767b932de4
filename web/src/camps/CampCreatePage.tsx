import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useAuth, useCan } from '../auth/AuthContext';
import { campApi, campKeys, type TemplateName } from './api';
import { formToBody, presetToForm, todayIn, type CampFormValues } from './campForm';
import { CampForm } from './CampForm';
import './locales';
import { TEMPLATE_PRESETS } from './templates';
import { TEMPLATE_NAMES } from './types';

/** The create form, pre-filled from the template in `?template=` and starting today in the community's zone. */
export default function CampCreatePage() {
  const { t } = useTranslation('camps');
  const { t: tc } = useTranslation();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { me } = useAuth();
  const canCreate = useCan(slug, 'operator');
  const template: TemplateName = TEMPLATE_NAMES.find((name) => name === params.get('template')) ?? 'custom';
  const timezone = me?.communities.find((c) => c.slug === slug)?.timezone ?? 'UTC';

  const initial = useMemo(() => {
    const preset = TEMPLATE_PRESETS[template];
    const label = preset.content.numberLabel;
    const content = label
      ? { ...preset.content, numberLabel: t(`numberLabels.${label}`, { defaultValue: label }) }
      : preset.content;
    return presetToForm(
      { ...preset, content },
      { name: t(`templates.${template}.name`), startDate: todayIn(timezone) },
    );
  }, [template, timezone, t]);

  const create = useMutation({
    mutationFn: (values: CampFormValues) => campApi.create(slug, { template, ...formToBody(values) }),
    onSuccess: (camp) => {
      void message.success(t('form.created'));
      void client.invalidateQueries({ queryKey: campKeys.list(slug) });
      navigate(`/c/${slug}/camps/${camp.id}`);
    },
  });

  if (!canCreate) return <Navigate to={`/c/${slug}/camps`} replace />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('form.createTitle', { template: t(`templates.${template}.name`) })}
      </Typography.Title>
      {create.error && (
        <Alert
          type="error"
          showIcon
          title={tc('error', { message: create.error.message })}
          data-testid="camp-form-error"
        />
      )}
      {/* Keyed by template so that switching templates re-fills the form. */}
      <CampForm
        key={template}
        slug={slug}
        initial={initial}
        submitLabel={t('form.create')}
        busy={create.isPending}
        onSubmit={(values) => create.mutate(values)}
        onCancel={() => navigate(`/c/${slug}/camps`)}
      />
    </Flex>
  );
}
