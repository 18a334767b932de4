import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AccessRole } from '../auth/api';

export interface FeatureRoute {
  /** Path under /c/:slug/ */
  path: string;
  /** Nav entry key in common.nav; absent for pages reached by links (e.g. a member profile). */
  nav?:
    | 'overview'
    | 'groups'
    | 'members'
    | 'care'
    | 'roles'
    | 'persona'
    | 'imports'
    | 'camps'
    | 'rooms'
    | 'connectors'
    | 'outbox'
    | 'team'
    | 'audit';
  /** The least role the menu shows the entry to (the page's API refuses the others anyway). */
  minRole?: AccessRole;
  page: LazyExoticComponent<ComponentType>;
}

// Every page is its own chunk, so the first load carries neither ECharts nor the pages not opened.
export const featureRoutes: FeatureRoute[] = [
  { path: 'overview', nav: 'overview', page: lazy(() => import('../overview/OverviewPage')) },
  { path: 'groups', nav: 'groups', page: lazy(() => import('../groups/GroupsPage')) },
  { path: 'groups/:groupId', page: lazy(() => import('../groups/GroupPage')) },
  { path: 'members', nav: 'members', page: lazy(() => import('../members/MembersPage')) },
  { path: 'members/:memberId', page: lazy(() => import('../members/MemberProfilePage')) },
  { path: 'care', nav: 'care', page: lazy(() => import('../care/CarePage')) },
  { path: 'roles', nav: 'roles', page: lazy(() => import('../roles/RolesPage')) },
  { path: 'persona', nav: 'persona', page: lazy(() => import('../persona/PersonaPage')) },
  { path: 'imports', nav: 'imports', page: lazy(() => import('../imports/ImportsPage')) },
  { path: 'camps', nav: 'camps', page: lazy(() => import('../camps/CampsPage')) },
  { path: 'camps/new', page: lazy(() => import('../camps/CampCreatePage')) },
  { path: 'camps/:campId', page: lazy(() => import('../camps/CampPage')) },
  { path: 'camps/:campId/edit', page: lazy(() => import('../camps/CampEditPage')) },
  { path: 'rooms', nav: 'rooms', page: lazy(() => import('../rooms/RoomsPage')) },
  { path: 'rooms/:groupId', page: lazy(() => import('../rooms/StaffRoomPage')) },
  {
    path: 'connectors',
    nav: 'connectors',
    minRole: 'operator',
    page: lazy(() => import('../connectors/ConnectorsPage')),
  },
  { path: 'outbox', nav: 'outbox', minRole: 'operator', page: lazy(() => import('../outbox/OutboxPage')) },
  { path: 'team', nav: 'team', minRole: 'admin', page: lazy(() => import('../team/TeamPage')) },
  { path: 'audit', nav: 'audit', minRole: 'admin', page: lazy(() => import('../team/AuditPage')) },
  { path: 'account', page: lazy(() => import('../account/AccountPage')) },
];
