// Technician portal (seed 000 §1.3). Pages are placeholders until their issue builds them.
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';

export { PlaceholderPage as Placeholder } from '../../ui/placeholder';

const NAV: NavItem[] = [
  { to: '/technician', labelKey: 'pages.technicianDashboard', end: true },
  { to: '/technician/tasks', labelKey: 'pages.technicianTasks' },
  { to: '/technician/schedule', labelKey: 'pages.technicianSchedule' },
  { to: '/technician/performance', labelKey: 'pages.technicianPerformance' },
  { to: '/technician/profile', labelKey: 'pages.technicianProfile' },
];

export function Layout() {
  return <StaffPortalLayout portal="technician" nav={NAV} />;
}
