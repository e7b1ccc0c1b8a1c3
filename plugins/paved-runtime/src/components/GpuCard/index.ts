export { GpuCard } from './GpuCard';
