import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart';

const LazyEChart = lazy(() => import('./EChart'));

/** A chart whose ECharts code loads on first use, keeping it out of the initial bundle. */
export function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}
