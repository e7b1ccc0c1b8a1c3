export * from './gpu';
export * from './serviceParameters';
export * from './serviceValues';
