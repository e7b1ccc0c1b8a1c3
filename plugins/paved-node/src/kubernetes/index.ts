export { abortAfter } from './abortAfter';
