import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import { escapeHtml } from '../ui/format';

/** Members per tag, largest first, as horizontal bars. */
export function tagsOption(
  t: TFunction,
  tags: Array<{ tag: string; members: number }>,
  nameOf: (tag: string) => string,
): EChartsOption {
  const sorted = [...tags].sort((a, b) => a.members - b.members);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: sorted.map((x) => nameOf(x.tag)),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: t('persona:members'),
        data: sorted.map((x) => x.members),
        itemStyle: { color: '#13c2c2' },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** Weekday (Mon..Sun, top to bottom) × local hour 0..23. */
export function heatmapOption(t: TFunction, heatmap: number[][]): EChartsOption {
  const weekdays = t('persona:weekdays', { returnObjects: true }) as string[];
  const data: Array<[number, number, number]> = [];
  let max = 0;
  heatmap.forEach((row, day) => {
    row.forEach((value, hour) => {
      data.push([hour, day, value]);
      max = Math.max(max, value);
    });
  });
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const [hour, day, value] = (p as { value: [number, number, number] }).value;
        return escapeHtml(`${weekdays[day]} ${t('persona:hour', { hour })}: ${value}`);
      },
    },
    grid: { left: 56, right: 72, top: 8, bottom: 32 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)), splitArea: { show: true } },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(max, 1),
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 160,
      inRange: { color: ['#f0f5ff', '#2f54eb'] },
    },
    series: [
      {
        type: 'heatmap',
        name: t('persona:messages'),
        data,
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  };
}
