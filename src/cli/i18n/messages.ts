/** CLI messages in both languages. Keys are English identifiers; values take named parameters. */
const en = {
  usage: `Usage: shequn <command> [options]

Commands:
  import <path> --format telegram|slack|wechat-csv|discord|irc --community <slug>
         [--timezone <IANA zone>] [--group <name>]
                      Import a chat-history export (creates the community if needed)
  report --community <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json] [--html FILE]
                      Health report of a community (METRICS.md)
  start [--port N] [--host H]
                      Start the server and console (default 127.0.0.1:3000, env PORT and HOST);
                      the first start creates the owner (SHEQUN_ADMIN_EMAIL, SHEQUN_ADMIN_PASSWORD)
                      and, on an empty database, the demo community
  admin create --email <email> [--name <name>] [--password <password>] [--instance-owner]
                      Create an account (a password is generated when none is given); it gets
                      roles with admin grant, or owns every community with --instance-owner
  admin grant --email <email> --community <slug> --role owner|admin|operator|assistant|analyst
                      Give an account a role in a community
  connectors rekey    Seal every connector's credentials with SHEQUN_SECRET_KEY (after rotating it)
  member export|anonymise|delete --community <slug> --member <id> [--confirm <id>]
                      A member's data (docs/member-data.md): export as JSON, or erase on request
                      (--confirm repeats the member id)

Global options (before or after the command):
  --data <dir>        Data directory for the SQLite database (default ./data, env SHEQUN_DATA);
                      set DATABASE_URL to use PostgreSQL instead
  --lang en|zh-CN     Language of messages (default from LANG)
  -h, --help          Show this help`,
  unknownCommand: 'unknown command "{command}". Run "shequn --help".',
  missingOption: 'missing required option --{option}',
  missingPath: 'missing the path of the export to import',
  badOption: '{message}',
  importFileMissing: 'file {path} not found',
  importFileIsFolder:
    '{path} is a folder, but this format is imported from one file: give the export file itself (e.g. result.json or chat.csv)',
  importFileUnreadable: 'cannot read {path}: permission denied (check who owns it and its mode)',
  importing: 'Importing {file} ({format}) into "{community}" …',
  imported:
    'Imported {inserted} new events of {read} read ({duplicates} already present) into {groups} group(s) of "{community}".',
  importRepaired:
    'Of the events already present, {repaired} had another text or reply link in this file and were corrected.',
  readAsEncoding: 'The file was not UTF-8: it was read as {encoding} (Chinese text of Windows tools).',
  wroteHtml: 'Wrote the HTML report to {file}',
  listening: 'Shequn is running at {url} (console at /, API documentation at /api/docs). Stop with Ctrl+C.',
  publicUrlUnset:
    'SHEQUN_PUBLIC_URL is not set: links for members are built on {url}, which may not open on their phones.',
  ownerCreated: 'Created the owner account {email} with the password from SHEQUN_ADMIN_PASSWORD.',
  ownerCreatedGenerated:
    'Created the owner account {email} with the password {password} (shown once; change it or set SHEQUN_ADMIN_EMAIL and SHEQUN_ADMIN_PASSWORD before the first start).',
  demoSeeded: 'Seeded the demo community "demo" ({members} members, {events} events).',
  accountCreated: 'Created the instance owner account {email} (owner of every community).',
  accountCreatedGenerated:
    'Created the instance owner account {email} (owner of every community) with the password {password} (shown once).',
  plainAccountCreated:
    'Created the account {email}. It has no role yet: shequn admin grant --email {email} --community <slug> --role <role>',
  plainAccountCreatedGenerated:
    'Created the account {email} with the password {password} (shown once). It has no role yet: shequn admin grant --email {email} --community <slug> --role <role>',
  granted: 'Gave {email} the role {role} in "{community}".',
  adminUsage:
    'usage: shequn admin create --email <email> [--name <name>] [--password <password>] [--instance-owner] | shequn admin grant --email <email> --community <slug> --role <role>',
  connectorsUsage: 'usage: shequn connectors rekey',
  memberUsage: 'usage: shequn member export|anonymise|delete --community <slug> --member <id> [--confirm <id>]',
  memberAnonymised: 'Anonymised member {member}: {rows} row(s) changed, {files} file(s) removed.',
  memberDeleted: 'Deleted member {member}: {rows} row(s) removed, {files} file(s) removed.',
  noSecretKey: 'SHEQUN_SECRET_KEY is not set (make one with: openssl rand -base64 32)',
  rekeyed: 'Sealed the credentials of {resealed} of {total} connector(s) again with the current key.',
  errorPrefix: 'error',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  usage: `用法：shequn <命令> [选项]

命令：
  import <路径> --format telegram|slack|wechat-csv|discord|irc --community <标识>
         [--timezone <IANA 时区>] [--group <群名>]
                      导入聊天记录导出文件（社群不存在时自动创建）
  report --community <标识> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json] [--html 文件]
                      社群健康度报告（见 METRICS.md）
  start [--port 端口] [--host 地址]
                      启动服务和控制台（默认 127.0.0.1:3000，环境变量 PORT、HOST）；
                      首次启动时创建所有者账号（SHEQUN_ADMIN_EMAIL、SHEQUN_ADMIN_PASSWORD），
                      数据库为空时创建演示社群
  admin create --email <邮箱> [--name <名字>] [--password <密码>] [--instance-owner]
                      创建账号（未给密码时自动生成）；用 admin grant 授予角色，
                      加 --instance-owner 则成为实例所有者（拥有全部社群）
  admin grant --email <邮箱> --community <标识> --role owner|admin|operator|assistant|analyst
                      授予账号在某社群的角色
  connectors rekey    用 SHEQUN_SECRET_KEY 重新加密所有连接器的凭据（更换密钥之后）
  member export|anonymise|delete --community <标识> --member <编号> [--confirm <编号>]
                      成员数据（见 docs/member-data.md）：导出为 JSON，或应本人要求匿名化/删除
                      （--confirm 须重复成员编号）

全局选项（放在命令之前或之后均可）：
  --data <目录>       SQLite 数据库所在的数据目录（默认 ./data，环境变量 SHEQUN_DATA）；
                      设置 DATABASE_URL 则改用 PostgreSQL
  --lang en|zh-CN     提示语言（默认取自 LANG）
  -h, --help          显示帮助`,
  unknownCommand: '未知命令 "{command}"。请运行 "shequn --help"。',
  missingOption: '缺少必需的选项 --{option}',
  missingPath: '缺少要导入的文件路径',
  badOption: '{message}',
  importFileMissing: '找不到文件 {path}',
  importFileIsFolder:
    '{path} 是一个文件夹，但这种格式要从单个文件导入：请给出导出文件本身（例如 result.json 或 chat.csv）',
  importFileUnreadable: '无法读取 {path}：没有权限（请检查文件的所有者和权限）',
  importing: '正在将 {file}（{format}）导入社群 "{community}" …',
  imported:
    '已导入 {inserted} 条新事件，共读取 {read} 条（{duplicates} 条已存在），涉及社群 "{community}" 的 {groups} 个群。',
  importRepaired: '已存在的事件中有 {repaired} 条在本文件中的文本或回复关系不同，已按本文件修正。',
  readAsEncoding: '该文件不是 UTF-8 编码：已按 {encoding} 读取（Windows 中文工具常用的编码）。',
  wroteHtml: 'HTML 报告已写入 {file}',
  listening: 'Shequn 已在 {url} 运行（控制台在 /，API 文档在 /api/docs）。按 Ctrl+C 停止。',
  publicUrlUnset: '未设置 SHEQUN_PUBLIC_URL：发给成员的链接将使用 {url}，在成员手机上可能打不开。',
  ownerCreated: '已用 SHEQUN_ADMIN_PASSWORD 中的密码创建所有者账号 {email}。',
  ownerCreatedGenerated:
    '已创建所有者账号 {email}，密码为 {password}（仅显示这一次；请登录后修改，或在首次启动前设置 SHEQUN_ADMIN_EMAIL 和 SHEQUN_ADMIN_PASSWORD）。',
  demoSeeded: '已创建演示社群 "demo"（{members} 名成员，{events} 条事件）。',
  accountCreated: '已创建实例所有者账号 {email}（拥有全部社群）。',
  accountCreatedGenerated: '已创建实例所有者账号 {email}（拥有全部社群），密码为 {password}（仅显示这一次）。',
  plainAccountCreated:
    '已创建账号 {email}。它还没有任何角色：shequn admin grant --email {email} --community <标识> --role <角色>',
  plainAccountCreatedGenerated:
    '已创建账号 {email}，密码为 {password}（仅显示这一次）。它还没有任何角色：shequn admin grant --email {email} --community <标识> --role <角色>',
  granted: '已授予 {email} 在社群 "{community}" 的角色 {role}。',
  adminUsage:
    '用法：shequn admin create --email <邮箱> [--name <名字>] [--password <密码>] [--instance-owner] | shequn admin grant --email <邮箱> --community <标识> --role <角色>',
  connectorsUsage: '用法：shequn connectors rekey',
  memberUsage: '用法：shequn member export|anonymise|delete --community <标识> --member <编号> [--confirm <编号>]',
  memberAnonymised: '已匿名化成员 {member}：改动 {rows} 行，删除 {files} 个文件。',
  memberDeleted: '已删除成员 {member}：删除 {rows} 行，删除 {files} 个文件。',
  noSecretKey: '未设置 SHEQUN_SECRET_KEY（可用 openssl rand -base64 32 生成）',
  rekeyed: '已用当前密钥重新加密 {total} 个连接器中 {resealed} 个的凭据。',
  errorPrefix: '错误',
};

export type Lang = 'en' | 'zh-CN';

/** Picks the language: an explicit choice, else zh-CN when the environment's locale is Chinese. */
export function resolveLang(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const value = explicit ?? env.SHEQUN_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(value) ? 'zh-CN' : 'en';
}

/**
 * @example
 * t('zh-CN', 'missingOption', { option: 'community' }) // '缺少必需的选项 --community'
 */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = lang === 'zh-CN' ? zhCN[key] : en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
