import { accountRoutes } from '../accounts/account.routes.js';
import { reportRoutes } from '../analytics/report/report.routes.js';
import { campInsightRoutes } from '../camps/dashboard/camp-insights.routes.js';
import { campRoutes } from '../camps/camp/camps.routes.js';
import { memberPageRoutes } from '../camps/member-page/member-page.routes.js';
import { checkinImageRoutes } from '../camps/images/checkin-images.routes.js';
import { groupRoutes } from '../analytics/groups/group.routes.js';
import { overviewRoutes } from '../analytics/overview/overview.routes.js';
import { careRoutes } from '../members/care/care.routes.js';
import { membersRoutes } from '../members/members.routes.js';
import { importRoutes } from '../communities/imports/import.routes.js';
import { connectorRoutes } from '../communities/connectors/connectors.routes.js';
import { outboxRoutes } from '../kernel/outbox/outbox.routes.js';
import type { RouteModule } from '../kernel/http/route-module.js';

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
