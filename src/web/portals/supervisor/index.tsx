// Supervisor portal (seed 000 §1.4). Pages are placeholders until their issue builds them.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { PlaceholderPage as Placeholder } from '../../ui/placeholder';

const NAV: NavItem[] = [
  { to: '/supervisor', labelKey: 'pages.supervisorDashboard', end: true },
  { to: '/supervisor/team', labelKey: 'pages.supervisorTeam' },
  { to: '/supervisor/tickets', labelKey: 'pages.supervisorTickets' },
  { to: '/supervisor/escalations', labelKey: 'pages.supervisorEscalations' },
];

export function Layout() {
  return <StaffPortalLayout portal="supervisor" nav={NAV} />;
}
