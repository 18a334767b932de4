/**
 * The layers of src/ (docs/architecture.md), checked by `npm run layers` inside `npm test`.
 * From the ground up: kernel → platforms → features (accounts, communities < members <
 * camps · automation · analytics · rooms; growth and commerce beside them) → server → cli, and the demo
 * seeder on top. A rule names what may not point where; none carries a list of exceptions.
 * Test files are not cruised: they sit beside the code they test but may build the whole app.
 */
const FEATURES = [
  'accounts',
  'communities',
  'members',
  'camps',
  'automation',
  'analytics',
  'rooms',
  'growth',
  'commerce',
];
const TOP = ['camps', 'automation', 'analytics', 'rooms', 'growth', 'commerce'];
const any = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-is-the-ground',
      comment: 'src/kernel/ imports nothing above it: no platform, feature, server, cli or demo.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'platforms-only-on-kernel',
      comment:
        'Connectors and importers translate platform data into events and actions into platform calls; they import only the kernel (and each other).',
      severity: 'error',
      from: { path: '^src/platforms/' },
      to: { path: '^src/', pathNot: '^src/(kernel|platforms)/' },
    },
    {
      name: 'features-below-the-wiring',
      comment: 'A feature never imports the wiring (server/), the cli or the demo seeder: they are above it.',
      severity: 'error',
      from: { path: any(FEATURES) },
      to: { path: '^src/(server|cli|demo)/' },
    },
    {
      name: 'nothing-imports-the-server',
      comment: 'server/ is the wiring: only the cli starts it, nothing else imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli)/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'only-the-cli-imports-the-demo',
      comment: 'The demo seeder sits on top: the cli runs it, nothing below imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(demo|cli)/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'accounts-and-communities-at-the-bottom',
      comment: 'accounts and communities are the lowest features: they import no other feature.',
      severity: 'error',
      from: { path: '^src/(accounts|communities)/' },
      to: { path: any(FEATURES), pathNot: '^src/$1/' },
    },
    {
      name: 'members-above-communities-only',
      comment: 'members stands on communities (and accounts); it never imports a feature above it.',
      severity: 'error',
      from: { path: '^src/members/' },
      to: { path: any(TOP) },
    },
    {
      name: 'top-features-apart',
      comment:
        'camps, automation, analytics, rooms, growth and commerce stand side by side: none imports another (they react to each other through event subscribers and ports wired in server/).',
      severity: 'error',
      from: { path: any(TOP) },
      to: { path: any(TOP), pathNot: '^src/$1/' },
    },
    {
      name: 'features-meet-through-services',
      comment:
        'A feature reaches another only through its services (x.service.ts), pure rules (x.rules.ts) and types (x.types.ts): never its repos, routes, schemas or workers.',
      severity: 'error',
      from: { path: any(FEATURES) },
      to: { path: any(FEATURES), pathNot: ['^src/$1/', '\\.(service|rules|types)\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'Modules import one another in one direction only; a cycle means a piece belongs elsewhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-tests',
      comment: 'Source never imports a test or the test support code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(\\.test\\.ts$|^test/)' },
    },
  ],
  options: {
    includeOnly: '^src/',
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
