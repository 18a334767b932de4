import { accountRoutes } from '../accounts/account.routes.js';
import { reportRoutes } from '../analytics/report.routes.js';
import type { RouteModule } from './route-context.js';

/** Every feature's routes; app.ts mounts them under /api behind the access control. */
export const routeModules: RouteModule[] = [accountRoutes, reportRoutes];
