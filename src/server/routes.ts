import { accountRoutes } from '../accounts/account.routes.js';
import { reportRoutes } from '../analytics/report.routes.js';
import { campInsightRoutes } from '../camps/camp-insights.routes.js';
import { campRoutes } from '../camps/camps.routes.js';
import { memberPageRoutes } from '../camps/member-page.routes.js';
import { checkinImageRoutes } from '../camps/checkin-images.routes.js';
import { groupRoutes } from '../communities/group.routes.js';
import { overviewRoutes } from '../communities/overview.routes.js';
import { careRoutes } from '../members/care.routes.js';
import { membersRoutes } from '../members/members.routes.js';
import { importRoutes } from '../platforms/importers/import.routes.js';
import { connectorRoutes } from '../platforms/connectors/connectors.routes.js';
import { outboxRoutes } from '../kernel/outbox/outbox.routes.js';
import type { RouteModule } from './route-context.js';

/** Every feature's routes; app.ts mounts them under /api behind the access control. */
export const routeModules: RouteModule[] = [
  accountRoutes,
  reportRoutes,
  overviewRoutes,
  groupRoutes,
  careRoutes,
  membersRoutes,
  importRoutes,
  campRoutes,
  campInsightRoutes,
  memberPageRoutes,
  checkinImageRoutes,
  outboxRoutes,
  connectorRoutes,
];
