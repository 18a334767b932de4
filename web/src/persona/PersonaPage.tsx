import { useQuery } from '@tanstack/react-query';
import { Col, Empty, Flex, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { Chart } from '../ui/charts';
import { tiersOption } from '../ui/charts/chartOptions';
import { Panel } from '../ui/Panel';
import { QueryState } from '../ui/QueryState';
import { groupKeys, groupsApi } from '../groups/api';
import { personaApi } from './api';
import { heatmapOption, tagsOption } from './personaOptions';

/** Persona charts for the community or one group: tags, when members talk, and how they split by tier. */
export default function PersonaPage() {
  const { t } = useTranslation('persona');
  const { slug = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const group = search.get('group') ?? '';
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug) });
  const persona = useQuery({
    queryKey: ['persona', slug, group],
    queryFn: () => personaApi.get(slug, group ? Number(group) : undefined),
    placeholderData: (previous) => previous,
  });
  const tagNames = t('tagNames', { returnObjects: true }) as Record<string, string>;
  const nameOf = (tag: string) => (Object.hasOwn(tagNames, tag) ? tagNames[tag] : tag);
  return (
    <Flex vertical gap={16} data-testid="persona-page">
      <Flex justify="space-between" align="end" wrap gap={12}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('subtitle')}
            {persona.data?.asOf ? ` · ${t('asOf', { day: persona.data.asOf })}` : ''}
          </Typography.Text>
        </div>
        <Space>
          <Typography.Text>{t('group')}</Typography.Text>
          <Select
            data-testid="persona-group"
            style={{ minWidth: 220 }}
            value={group}
            loading={groups.isLoading}
            options={[
              { value: '', label: t('allGroups') },
              ...(groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name })),
            ]}
            onChange={(next) => setSearch(next ? { group: next } : {}, { replace: true })}
          />
        </Space>
      </Flex>
      {!persona.data ? (
        <QueryState error={persona.error} refetch={persona.refetch} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Panel title={t('heatmap')} extra={<Typography.Text type="secondary">{t('heatmapHint')}</Typography.Text>}>
              <Chart testId="chart-heatmap" option={heatmapOption(t, persona.data.heatmap)} height={340} />
            </Panel>
          </Col>
          <Col xs={24} lg={14}>
            <Panel title={t('tags')}>
              {persona.data.tags.length ? (
                <Chart
                  testId="chart-tags"
                  option={tagsOption(t, persona.data.tags, nameOf)}
                  height={Math.max(220, persona.data.tags.length * 32 + 40)}
                />
              ) : (
                <Empty data-testid="chart-tags" description={t('common:empty')} />
              )}
            </Panel>
          </Col>
          <Col xs={24} lg={10}>
            <Panel title={t('tiers')}>
              {persona.data.tiers.active + persona.data.tiers.observer + persona.data.tiers.lurker > 0 ? (
                <Chart testId="chart-persona-tiers" option={tiersOption(t, persona.data.tiers)} height={280} />
              ) : (
                <Empty data-testid="chart-persona-tiers" description={t('common:empty')} />
              )}
            </Panel>
          </Col>
        </Row>
      )}
    </Flex>
  );
}
