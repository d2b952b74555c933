// Admin portal: Technicians management pages (their own chunk, loaded with the route).
export { TechnicianPage } from './technician-page';
export { TechniciansPage } from './technicians-page';
