// Supervisor portal (seed 000 §1.4): team overview, team tickets (the staff ticket view, with the
// supervisor's actions of §2.4) and team escalations. The server limits every answer to their teams.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { EscalationsPage } from './escalations-page';
export { OverviewPage, TeamPage } from './overview-page';
export { TicketPage } from './ticket-page';
export { TicketsPage } from './tickets-page';

const NAV: NavItem[] = [
  { to: '/supervisor', labelKey: 'pages.supervisorDashboard', end: true },
  { to: '/supervisor/team', labelKey: 'pages.supervisorTeam' },
  { to: '/supervisor/tickets', labelKey: 'pages.supervisorTickets' },
  { to: '/supervisor/escalations', labelKey: 'pages.supervisorEscalations' },
];

export function Layout() {
  return <StaffPortalLayout portal="supervisor" nav={NAV} />;
}
