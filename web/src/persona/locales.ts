const en = {
  title: 'Tags & personas',
  subtitle: 'Who the members are and when they talk',
  group: 'Group',
  allGroups: 'All groups',
  tags: 'Tag distribution',
  members: 'Members',
  heatmap: 'Active hours by weekday',
  heatmapHint: 'Messages by local hour (0–23) and weekday, last 90 days',
  asOf: 'as of {{day}}',
  messages: 'Messages',
  hour: '{{hour}}:00',
  tiers: 'Tier split',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  tagNames: {
    night_owl: 'Night owl',
    weekend_poster: 'Weekend poster',
    question_asker: 'Question asker',
    newcomer: 'Newcomer',
    streak_keeper: 'Streak keeper',
  } as Record<string, string>,
  manual: 'manual',
};

const zh: typeof en = {
  title: '标签与画像',
  subtitle: '成员是谁，何时发言',
  group: '群',
  allGroups: '全部群',
  tags: '标签分布',
  members: '成员数',
  heatmap: '活跃时段（星期 × 小时）',
  heatmapHint: '近 90 天按当地时间小时（0–23）与星期统计的消息数',
  asOf: '截至 {{day}}',
  messages: '消息',
  hour: '{{hour}} 点',
  tiers: '分层占比',
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  tagNames: {
    night_owl: '夜猫子',
    weekend_poster: '周末发言者',
    question_asker: '爱提问',
    newcomer: '新人',
    streak_keeper: '连续打卡',
  },
  manual: '手动',
};

export const persona = { en, zh };
