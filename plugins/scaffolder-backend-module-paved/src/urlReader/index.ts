export { LocalGitUrlReader } from './LocalGitUrlReader';
export { pavedLocalGitUrlReaderFactory } from './pavedLocalGitUrlReaderFactory';
export { DEFAULT_LOCAL_GIT_READ_LIMITS } from './readLimits';
export type { LocalGitReadLimits } from './readLimits';
