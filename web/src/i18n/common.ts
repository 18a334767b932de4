const en = {
  appName: 'Shequn',
  nav: { overview: 'Overview', groups: 'Groups', members: 'Members', care: "Today's care", roles: 'Roles & blacklist', persona: 'Tags & personas', imports: 'Import', camps: 'Camps' },
  login: { title: 'Sign in to Shequn', email: 'Email', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed: {{message}}' },
  logout: 'Sign out',
  language: 'Language',
  community: 'Community',
  noCommunity: 'You have no community yet. Import a chat export with the CLI or ask an owner for access.',
  loading: 'Loading…',
  error: 'Something went wrong: {{message}}',
  retry: 'Retry',
  empty: 'Nothing here yet',
  tiers: { active: 'Active', observer: 'Observer', lurker: 'Lurker' },
  phases: { honeymoon: 'Honeymoon', cooling: 'Cooling', fading: 'Fading', silent: 'Silent' },
};

const zh: typeof en = {
  appName: '社群',
  nav: { overview: '总览', groups: '群', members: '成员', care: '今日关怀', roles: '角色与小黑屋', persona: '标签与画像', imports: '导入', camps: '训练营' },
  login: { title: '登录社群', email: '邮箱', password: '密码', submit: '登录', failed: '登录失败：{{message}}' },
  logout: '退出登录',
  language: '语言',
  community: '社群',
  noCommunity: '你还没有社群。可用命令行导入聊天记录，或请所有者给你开通权限。',
  loading: '加载中…',
  error: '出错了：{{message}}',
  retry: '重试',
  empty: '暂无数据',
  tiers: { active: '积极分子', observer: '观望者', lurker: '潜水者' },
  phases: { honeymoon: '恋爱期', cooling: '质疑期', fading: '分手期', silent: '沉寂' },
};

export const common = { en, zh };
