export { AlertsCard } from './AlertsCard';
