export {
  DEFAULT_LOCAL_GIT_DIRECTORY,
  LocalGitDirectory,
  type LocalGitLocation,
} from './LocalGitDirectory';
export {
  LOCAL_GIT_REF_NAME_PATTERN,
  LOCAL_GIT_REPO_NAME_PATTERN,
} from './names';
export type { TreeChange, TreeChangeStatus } from './diffTrees';
export { localGitDirectoryServiceRef } from './localGitDirectoryServiceRef';
export { CommitDefaults, type CommitAuthor } from './commitAuthor';
