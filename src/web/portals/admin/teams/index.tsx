// Admin portal: Teams management page (its own chunk, loaded with the route).
export { TeamsPage } from './teams-page';
