// Admin/dispatcher portal (seed 000 §1.2). Pages are placeholders until their issue builds them.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { PlaceholderPage as Placeholder } from '../../ui/placeholder';
export { TicketsPage } from './tickets-page';

const NAV: NavItem[] = [
  { to: '/admin', labelKey: 'pages.adminDashboard', end: true },
  { to: '/admin/tickets', labelKey: 'pages.adminTickets' },
  { to: '/admin/technicians', labelKey: 'pages.adminTechnicians' },
  { to: '/admin/escalations', labelKey: 'pages.adminEscalations' },
  { to: '/admin/reports', labelKey: 'pages.adminReports' },
  { to: '/admin/settings', labelKey: 'pages.adminSettings' },
  { to: '/admin/users', labelKey: 'pages.adminUsers' },
];

export function Layout() {
  return <StaffPortalLayout portal="admin" nav={NAV} />;
}
