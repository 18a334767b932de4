import i18n from '../i18n';

/** Shared pieces of the console: the date range bar, times and their zone, enum values. */
const en = {
  range: {
    label: 'Dates',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    last90: 'Last 90 days',
    all: 'All time',
    custom: 'Custom',
    zone: 'Days in {{zone}}',
    lastEvent:
      'No events in the last 30 days: the dates end on the last day with events, {{day}}; the presets count back from it.',
    downloadHtml: 'Download HTML report',
  },
  time: {
    zoneHint: 'times in {{zone}}',
    column: '{{title}} ({{zone}})',
  },
};

const zh: typeof en = {
  range: {
    label: '日期',
    last7: '最近 7 天',
    last30: '最近 30 天',
    last90: '最近 90 天',
    all: '全部时间',
    custom: '自定义',
    zone: '按 {{zone}} 时区计日',
    lastEvent: '最近 30 天没有任何事件：日期范围截至最后一个有事件的日子 {{day}}，快捷选项也从这一天往前数。',
    downloadHtml: '下载 HTML 报告',
  },
  time: {
    zoneHint: '时间按 {{zone}} 时区',
    column: '{{title}}（{{zone}}）',
  },
};

// Registered by the components that use them (ui/DateRange, ui/time), so i18n/index.ts stays as it is.
i18n.addResourceBundle('en', 'ui', en, true, true);
i18n.addResourceBundle('zh-CN', 'ui', zh, true, true);

export const ui = { en, zh };
