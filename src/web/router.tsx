// Every path of seed 000 §1. Each portal is its own chunk (route `lazy`), so a customer never
// downloads staff code; all routes of one portal share that portal's chunk.
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { MessageKey } from './i18n/i18n';
import { PortalSelectorPage } from './portals/home/portal-selector';
import { NotFoundPage, RouteErrorPage } from './ui/errors';
import { RootLayout } from './ui/layout';
import type { PageHandle } from './ui/page';

type Module = Record<string, unknown>;

/** A route whose component is export `name` of a lazily loaded portal module. */
function component(load: () => Promise<Module>, name: string): RouteObject['lazy'] {
  return async () => ({ Component: (await load())[name] as ComponentType });
}

function page(
  load: () => Promise<Module>,
  name: string,
  path: string | null,
  titleKey: MessageKey,
): RouteObject {
  const handle: PageHandle = { titleKey };
  return path === null
    ? { index: true, lazy: component(load, name), handle }
    : { path, lazy: component(load, name), handle };
}

const customer = () => import('./portals/customer');
const staff = () => import('./portals/staff');
const admin = () => import('./portals/admin');
// Technicians, users and teams: pages of the admin portal in chunks of their own.
const adminTechnicians = () => import('./portals/admin/technicians');
const adminUsers = () => import('./portals/admin/users');
const adminTeams = () => import('./portals/admin/teams');
const technician = () => import('./portals/technician');
const supervisor = () => import('./portals/supervisor');
const workshop = () => import('./portals/workshop');

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <PortalSelectorPage /> },
          { path: 'staff/login', lazy: component(staff, 'LoginPage') },
          page(staff, 'PasswordChangePage', 'account/password', 'passwordChange.title'),
          {
            path: 'customer',
            children: [
              page(customer, 'HomePage', null, 'pages.customerHome'),
              page(customer, 'MyTicketsPage', 'dashboard', 'pages.customerDashboard'),
              page(customer, 'CreateTicketPage', 'create', 'pages.customerCreate'),
              page(customer, 'CreateSuccessPage', 'create/success', 'pages.customerCreateSuccess'),
              page(customer, 'TrackPage', 'track', 'pages.customerTrack'),
              page(customer, 'TrackPage', 'track/:token', 'pages.customerTrack'),
              page(customer, 'CustomerLoginPage', 'login', 'pages.customerLogin'),
              page(customer, 'CustomerTicketPage', 'tickets/:id', 'pages.customerTicket'),
            ],
          },
          {
            path: 'admin',
            lazy: component(admin, 'Layout'),
            children: [
              page(admin, 'DashboardPage', null, 'pages.adminDashboard'),
              page(admin, 'TicketsPage', 'tickets', 'pages.adminTickets'),
              page(admin, 'AdminTicketPage', 'tickets/:id', 'pages.adminTicket'),
              page(adminTechnicians, 'TechniciansPage', 'technicians', 'pages.adminTechnicians'),
              page(adminTechnicians, 'TechnicianPage', 'technicians/:id', 'people.technician.title'),
              page(admin, 'EscalationsPage', 'escalations', 'pages.adminEscalations'),
              page(admin, 'PartsRequestsPage', 'parts-requests', 'adminDesk.parts.title'),
              page(admin, 'ReportsPage', 'reports', 'pages.adminReports'),
              page(admin, 'KpiReportPage', 'reports/kpi', 'pages.adminReportsKpi'),
              page(admin, 'SlaReportPage', 'reports/sla', 'pages.adminReportsSla'),
              page(admin, 'SettingsPage', 'settings', 'pages.adminSettings'),
              page(adminUsers, 'UsersPage', 'users', 'pages.adminUsers'),
              page(adminTeams, 'TeamsPage', 'teams', 'pages.adminTeams'),
            ],
          },
          {
            path: 'technician',
            lazy: component(technician, 'Layout'),
            children: [
              page(technician, 'DashboardPage', null, 'pages.technicianDashboard'),
              page(technician, 'DashboardPage', 'dashboard', 'pages.technicianDashboard'),
              page(technician, 'TasksPage', 'tasks', 'pages.technicianTasks'),
              page(technician, 'TaskPage', 'tasks/:id', 'pages.technicianTask'),
              page(technician, 'SchedulePage', 'schedule', 'pages.technicianSchedule'),
              page(technician, 'PerformancePage', 'performance', 'pages.technicianPerformance'),
              page(technician, 'ProfilePage', 'profile', 'pages.technicianProfile'),
            ],
          },
          {
            path: 'supervisor',
            lazy: component(supervisor, 'Layout'),
            children: [
              page(supervisor, 'OverviewPage', null, 'pages.supervisorDashboard'),
              page(supervisor, 'TeamPage', 'team', 'pages.supervisorTeam'),
              page(supervisor, 'TicketsPage', 'tickets', 'pages.supervisorTickets'),
              page(supervisor, 'TicketPage', 'tickets/:id', 'supervisor.ticket.heading'),
              page(supervisor, 'EscalationsPage', 'escalations', 'pages.supervisorEscalations'),
            ],
          },
          {
            path: 'workshop',
            lazy: component(workshop, 'Layout'),
            children: [
              page(workshop, 'WorkshopPage', null, 'pages.workshopDashboard'),
              page(workshop, 'WorkshopTicketPage', 'tickets/:id', 'pages.workshopTicket'),
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
