import fs from 'node:fs';
import git, { TreeEntry } from 'isomorphic-git';

/** How a path differs between two trees. @public */
export type TreeChangeStatus = 'added' | 'modified' | 'deleted';

/** One file (blob, symbolic link or submodule) that differs between two trees. @public */
export type TreeChange = {
  status: TreeChangeStatus;
  /** Slash-separated path from the root of the tree. */
  path: string;
};

/** A tree in the object store of one repository. @internal */
export interface TreeRef {
  gitdir: string;
  oid: string;
}

async function readEntries(tree: TreeRef): Promise<Map<string, TreeEntry>> {
  const { tree: entries } = await git.readTree({
    fs,
    gitdir: tree.gitdir,
    oid: tree.oid,
  });
  return new Map(entries.map(entry => [entry.path, entry]));
}

async function listLeaves(
  gitdir: string,
  entry: TreeEntry,
  path: string,
  status: TreeChangeStatus,
  changes: TreeChange[],
): Promise<void> {
  if (entry.type !== 'tree') {
    changes.push({ status, path });
    return;
  }
  for (const [name, child] of await readEntries({ gitdir, oid: entry.oid })) {
    await listLeaves(gitdir, child, `${path}/${name}`, status, changes);
  }
}

async function compare(
  base: TreeRef,
  head: TreeRef,
  prefix: string,
  changes: TreeChange[],
): Promise<void> {
  const [before, after] = await Promise.all([
    readEntries(base),
    readEntries(head),
  ]);
  const names = new Set([...before.keys(), ...after.keys()]);
  for (const name of names) {
    const path = prefix ? `${prefix}/${name}` : name;
    const old = before.get(name);
    const now = after.get(name);
    if (old && now && old.oid === now.oid && old.mode === now.mode) {
      continue;
    }
    if (old?.type === 'tree' && now?.type === 'tree') {
      await compare(
        { gitdir: base.gitdir, oid: old.oid },
        { gitdir: head.gitdir, oid: now.oid },
        path,
        changes,
      );
    } else if (old && now && old.type !== 'tree' && now.type !== 'tree') {
      // New content, or the same content with another mode (executable bit, link).
      changes.push({ status: 'modified', path });
    } else {
      // Only on one side, or a file became a directory or the other way round.
      if (old) {
        await listLeaves(base.gitdir, old, path, 'deleted', changes);
      }
      if (now) {
        await listLeaves(head.gitdir, now, path, 'added', changes);
      }
    }
  }
}

/**
 * Lists the files that differ between two trees, sorted by path. The trees may live in different
 * repositories (a dry run compares a scratch repository with the real one); subtrees with equal
 * ids are skipped without being read.
 *
 * @internal
 */
export async function diffTrees(
  base: TreeRef,
  head: TreeRef,
): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  if (base.oid !== head.oid) {
    await compare(base, head, '', changes);
  }
  // A path is listed once: a file that became a directory shows up as `a` and `a/...`.
  return changes.sort((a, b) => (a.path < b.path ? -1 : 1));
}
