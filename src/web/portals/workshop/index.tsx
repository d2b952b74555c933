// Workshop portal (devices taken in for repair). A placeholder until its issue builds it.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { PlaceholderPage as Placeholder } from '../../ui/placeholder';

const NAV: NavItem[] = [{ to: '/workshop', labelKey: 'pages.workshopDashboard', end: true }];

export function Layout() {
  return <StaffPortalLayout portal="workshop" nav={NAV} />;
}
