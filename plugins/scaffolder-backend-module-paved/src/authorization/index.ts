export { EntityAccess, type EntityAccessRequest } from './EntityAccess';
export { ServiceClaims } from './ServiceClaims';
export {
  ServiceRepositories,
  type ServiceRepository,
} from './ServiceRepositories';
