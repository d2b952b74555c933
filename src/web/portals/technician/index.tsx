// Technician portal (seed 000 §1.3).
import { useEffect } from 'react';
import { type NavItem, StaffPortalLayout } from '../../ui/staff-portal';
import { OfflineQueueFrame } from './offline/offline-status';
import { registerServiceWorker } from './offline/service-worker';
import { OnRouteTracker } from './on-route-tracker';

export { DashboardPage } from './dashboard/dashboard-page';
export { PerformancePage } from './performance/performance-page';
export { ProfilePage } from './profile/profile-page';
export { SchedulePage } from './schedule/schedule-page';
export { TaskPage } from './task/task-page';
export { TasksPage } from './tasks/tasks-page';

const NAV: NavItem[] = [
  { to: '/technician', labelKey: 'pages.technicianDashboard', end: true },
  { to: '/technician/tasks', labelKey: 'pages.technicianTasks' },
  { to: '/technician/schedule', labelKey: 'pages.technicianSchedule' },
  { to: '/technician/performance', labelKey: 'pages.technicianPerformance' },
  { to: '/technician/profile', labelKey: 'pages.technicianProfile' },
];

export function Layout() {
  useEffect(registerServiceWorker, []);
  return (
    <>
      <StaffPortalLayout portal="technician" nav={NAV} banner={<OfflineQueueFrame />} />
      <OnRouteTracker />
    </>
  );
}
