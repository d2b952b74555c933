// Every path of seed 000 §1. Each portal is its own chunk (route `lazy`), so a customer never
// downloads staff code; all routes of one portal share that portal's chunk.
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { MessageKey } from './i18n/i18n';
import { PortalSelectorPage } from './portals/home/portal-selector';
import { NotFoundPage, RouteErrorPage } from './ui/errors';
import { RootLayout } from './ui/layout';
import type { PageHandle } from './ui/placeholder';

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
              page(admin, 'Placeholder', null, 'pages.adminDashboard'),
              page(admin, 'TicketsPage', 'tickets', 'pages.adminTickets'),
              page(admin, 'Placeholder', 'tickets/:id', 'pages.adminTicket'),
              page(admin, 'Placeholder', 'technicians', 'pages.adminTechnicians'),
              page(admin, 'Placeholder', 'escalations', 'pages.adminEscalations'),
              page(admin, 'Placeholder', 'reports', 'pages.adminReports'),
              page(admin, 'Placeholder', 'reports/kpi', 'pages.adminReportsKpi'),
              page(admin, 'Placeholder', 'reports/sla', 'pages.adminReportsSla'),
              page(admin, 'Placeholder', 'settings', 'pages.adminSettings'),
              page(admin, 'Placeholder', 'users', 'pages.adminUsers'),
            ],
          },
          {
            path: 'technician',
            lazy: component(technician, 'Layout'),
            children: [
              page(technician, 'DashboardPage', null, 'pages.technicianDashboard'),
              page(technician, 'DashboardPage', 'dashboard', 'pages.technicianDashboard'),
              page(technician, 'Placeholder', 'tasks', 'pages.technicianTasks'),
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
              page(supervisor, 'Placeholder', null, 'pages.supervisorDashboard'),
              page(supervisor, 'Placeholder', 'team', 'pages.supervisorTeam'),
              page(supervisor, 'Placeholder', 'tickets', 'pages.supervisorTickets'),
              page(supervisor, 'Placeholder', 'escalations', 'pages.supervisorEscalations'),
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
