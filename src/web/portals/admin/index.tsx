// Admin/dispatcher portal (seed 000 §1.2): its layout, navigation and pages.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { DashboardPage } from './dashboard/dashboard-page';
export { EscalationsPage } from './escalations/escalations-page';
export { PartsRequestsPage } from './parts/parts-page';
export { KpiReportPage } from './reports/kpi-page';
export { ReportsPage } from './reports/reports-page';
export { SlaReportPage } from './reports/sla-page';
export { SettingsPage } from './settings';
export { AdminTicketPage } from './ticket-details/ticket-details-page';
export { TicketsPage } from './tickets-page';

// Only admins manage accounts and teams (the server refuses the others); Settings stays for every
// role of the portal, which may read it, and shows its write parts to admins only.
const ADMINS = ['admin'] as const;

const NAV: NavItem[] = [
  { to: '/admin', labelKey: 'pages.adminDashboard', end: true },
  { to: '/admin/tickets', labelKey: 'pages.adminTickets' },
  { to: '/admin/technicians', labelKey: 'pages.adminTechnicians' },
  { to: '/admin/escalations', labelKey: 'pages.adminEscalations' },
  { to: '/admin/parts-requests', labelKey: 'adminDesk.parts.title' },
  { to: '/admin/reports', labelKey: 'pages.adminReports' },
  { to: '/admin/settings', labelKey: 'pages.adminSettings' },
  { to: '/admin/users', labelKey: 'pages.adminUsers', roles: ADMINS },
  { to: '/admin/teams', labelKey: 'pages.adminTeams', roles: ADMINS },
];

export function Layout() {
  return <StaffPortalLayout portal="admin" nav={NAV} />;
}
