import i18n from '../i18n';

const en = {
  title: 'Account',
  profile: '{{name}} · {{email}}',
  changePassword: 'Change password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  repeatPassword: 'New password again',
  mismatch: 'The two passwords differ',
  passwordTooShort: 'A password needs at least {{min}} characters',
  wrongPassword: 'The current password is wrong',
  changed: 'Password changed. Your other sessions are signed out.',
  save: 'Save',
  everywhere: 'Sign out everywhere',
  everywhereHint: 'Ends every session of this account, on every device, this one included.',
  everywhereConfirm: 'Sign out on every device, this one included?',
  failed: 'Failed: {{message}}',
  name: 'Your name',
  invite: {
    title: 'Join {{community}}',
    offer: '{{email}} is invited to join {{community}} as {{role}}.',
    newAccount: 'New to Shequn? Set your name and a password:',
    join: 'Join',
    haveAccount: 'Already have an account with this email? Sign in to accept:',
    signInAccept: 'Sign in and accept',
    accept: 'Accept the invitation',
    signedInAs: 'You are signed in as {{email}}.',
    otherAccount:
      'This invitation is for {{email}}; you are signed in as {{me}}. Sign out first, then open the link again.',
    gone: 'This invitation link is no longer valid: it was used, revoked, or it expired. Ask for a new one.',
    exists: 'This email already has an account: sign in below to accept.',
  },
  reset: {
    title: 'Set a new password',
    forEmail: 'For {{email}}. Your sessions and API tokens on other devices will end.',
    submit: 'Set password and sign in',
    gone: 'This reset link is no longer valid: it was used, or it expired. Ask an owner for a new one.',
  },
};

const zh: typeof en = {
  title: '账号',
  profile: '{{name}} · {{email}}',
  changePassword: '修改密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  repeatPassword: '再次输入新密码',
  mismatch: '两次输入的密码不一致',
  passwordTooShort: '密码至少需要 {{min}} 个字符',
  wrongPassword: '当前密码不正确',
  changed: '密码已修改。你在其他设备上的登录已退出。',
  save: '保存',
  everywhere: '退出所有设备',
  everywhereHint: '结束这个账号在所有设备上的登录，包括当前这个。',
  everywhereConfirm: '在所有设备上退出登录（包括当前设备）？',
  failed: '操作失败：{{message}}',
  name: '你的名字',
  invite: {
    title: '加入 {{community}}',
    offer: '邀请 {{email}} 以「{{role}}」身份加入 {{community}}。',
    newAccount: '第一次使用社群？请设置名字和密码：',
    join: '加入',
    haveAccount: '这个邮箱已有账号？登录后接受邀请：',
    signInAccept: '登录并接受',
    accept: '接受邀请',
    signedInAs: '你已登录为 {{email}}。',
    otherAccount: '这份邀请是给 {{email}} 的，你当前登录的是 {{me}}。请先退出登录，再打开链接。',
    gone: '这个邀请链接已失效：已被使用、已撤销或已过期。请向邀请人索取新链接。',
    exists: '这个邮箱已有账号：请在下方登录以接受邀请。',
  },
  reset: {
    title: '设置新密码',
    forEmail: '账号 {{email}}。其他设备上的登录和 API 令牌都会失效。',
    submit: '设置密码并登录',
    gone: '这个重置链接已失效：已被使用或已过期。请向所有者索取新链接。',
  },
};

export const account = { en, zh };

// The pages are their own chunks: their messages load with them.
i18n.addResourceBundle('en', 'account', en, true, true);
i18n.addResourceBundle('zh-CN', 'account', zh, true, true);
