import { Button, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

/** Loading skeleton or an error with a retry button, for a react-query result that has no data yet. */
export function QueryState({ error, refetch }: { error: Error | null; refetch: () => unknown }) {
  const { t } = useTranslation();
  if (!error) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <Result
      status="warning"
      title={t('error', { message: error.message })}
      extra={
        <Button onClick={() => void refetch()} data-testid="retry">
          {t('retry')}
        </Button>
      }
    />
  );
}
