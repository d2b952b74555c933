// Admin portal: Users management page (its own chunk, loaded with the route).
export { UsersPage } from './users-page';
