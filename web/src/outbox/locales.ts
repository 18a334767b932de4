import i18n from '../i18n';

const en = {
  title: 'Outbox',
  intro:
    'Every message Shequn sends (reminders, praise, check-in replies …) waits here until a connector delivers it. Retry what was given up; cancel what should not go out.',
  status: 'Status',
  kind: 'Kind',
  group: 'Group',
  all: 'All',
  states: {
    pending: 'Pending',
    held: 'Held',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Given up',
    cancelled: 'Cancelled',
  },
  kinds: {
    'camp.reminder': 'Check-in reminder',
    'camp.praise': 'Praise',
    'camp.checkin-reply': 'Check-in reply',
    'member.bind-confirmation': 'Account link confirmation',
  },
  reasons: {
    no_connector:
      'Waiting: no {{platform}} connector is running for this community. It goes out once one runs (see Connectors).',
    rate_limited: "Held for a moment by {{platform}}'s rate limit; it goes out by itself.",
    send_failed: 'The last attempt failed; it will be tried again.',
    gave_up: 'Given up after {{attempts}} attempts.',
    rejected: '{{platform}} refused it for good (for example the chat is gone).',
    lease_expired: 'Given up: the process sending its last attempt stopped before reporting.',
    retried: 'Sent back to pending by staff.',
    cancelled: 'Cancelled by staff; it will not be sent.',
  },
  columns: {
    created: 'Created',
    target: 'To',
    text: 'Message',
    attempts: 'Attempts',
    next: 'Next attempt',
    reason: 'Why',
    actions: '',
  },
  direct: 'Direct message',
  retry: 'Retry',
  cancel: 'Cancel',
  cancelConfirm: 'Cancel this message? It will never be sent.',
  retried: 'Sent back to pending',
  cancelledOk: 'Cancelled',
  actionFailed: 'Could not do it: {{message}}',
  yes: 'Yes',
  no: 'No',
  empty: 'Nothing here.',
};

const zh: typeof en = {
  title: '发件箱',
  intro:
    '社群发出的每条消息（打卡提醒、表扬、打卡回复……）都先在这里排队，由连接器送达。已放弃的可以重试，不该发的可以取消。',
  status: '状态',
  kind: '类型',
  group: '群',
  all: '全部',
  states: {
    pending: '待发送',
    held: '暂缓',
    sending: '发送中',
    sent: '已发送',
    failed: '已放弃',
    cancelled: '已取消',
  },
  kinds: {
    'camp.reminder': '打卡提醒',
    'camp.praise': '表扬',
    'camp.checkin-reply': '打卡回复',
    'member.bind-confirmation': '账号绑定确认',
  },
  reasons: {
    no_connector: '等待中：本社群没有正在运行的 {{platform}} 连接器。连接器运行后会自动发出（见"连接器"）。',
    rate_limited: '受 {{platform}} 的频率限制暂缓，稍后自动发出。',
    send_failed: '上次发送失败，稍后会再试。',
    gave_up: '尝试 {{attempts}} 次后已放弃。',
    rejected: '{{platform}} 拒收（例如群已不存在），不再尝试。',
    lease_expired: '已放弃：发送最后一次的进程未回报就停止了。',
    retried: '工作人员已重新放回待发送。',
    cancelled: '工作人员已取消，不会发送。',
  },
  columns: {
    created: '创建时间',
    target: '发给',
    text: '内容',
    attempts: '尝试次数',
    next: '下次尝试',
    reason: '原因',
    actions: '',
  },
  direct: '私信',
  retry: '重试',
  cancel: '取消',
  cancelConfirm: '确定取消这条消息？取消后不会再发送。',
  retried: '已放回待发送',
  cancelledOk: '已取消',
  actionFailed: '操作失败：{{message}}',
  yes: '确定',
  no: '不了',
  empty: '暂无消息。',
};

// The page is its own chunk: its messages load with it.
i18n.addResourceBundle('en', 'outbox', en, true, true);
i18n.addResourceBundle('zh-CN', 'outbox', zh, true, true);
