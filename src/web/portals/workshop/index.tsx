// Workshop portal (seed 000 §2.3): devices picked up for bench repair, checked in, repaired or
// declared not fixable. Workshop staff and admins.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { WorkshopTicketPage } from './ticket-page';
export { WorkshopPage } from './workshop-page';

const NAV: NavItem[] = [{ to: '/workshop', labelKey: 'pages.workshopDashboard', end: true }];

export function Layout() {
  return <StaffPortalLayout portal="workshop" nav={NAV} />;
}
