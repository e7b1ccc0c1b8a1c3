export { RuntimeContent } from './RuntimeContent';
