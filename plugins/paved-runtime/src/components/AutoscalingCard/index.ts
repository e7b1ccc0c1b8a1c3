export { AutoscalingCard } from './AutoscalingCard';
