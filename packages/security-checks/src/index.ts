export {
  startSecurityPortal,
  scaffold,
  serviceParameters,
  USERS,
} from './SecurityPortal';
