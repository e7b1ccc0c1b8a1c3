export { LocalGitUrlReader } from './LocalGitUrlReader';
export { pavedLocalGitUrlReaderFactory } from './pavedLocalGitUrlReaderFactory';
