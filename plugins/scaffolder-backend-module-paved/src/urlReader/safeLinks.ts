import fs from 'node:fs/promises';
import { join } from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';

// Linux gives up (ELOOP) after following 40 links while resolving one path.
const MAX_LINK_HOPS = 40;

/** Longer link targets are refused: Linux cannot create them (PATH_MAX). */
export const MAX_LINK_TARGET_BYTES = 4096;

/** A symbolic link of a tree: its slash-separated path and its target as stored. */
export interface TreeLink {
  path: string;
  target: string;
}

interface TreeNode {
  parent?: TreeNode;
  /** Set on directories. */
  children?: Map<string, TreeNode>;
  /** Set on links. */
  link?: TreeLink;
}

interface Resolution {
  node: TreeNode;
  /** Links followed, this one included. */
  hops: number;
  /** 1, plus the largest height of the links its target passes through. */
  height: number;
}

/**
 * Resolves link targets the way the kernel would once the tree is written out, following the
 * tree's own links, but without touching the file system: `p -> .` makes `p/p/..` the parent
 * of the tree, whatever the text of the target suggests.
 */
class TreeLinkResolver {
  readonly #root: TreeNode = { children: new Map() };
  readonly #resolved = new Map<TreeNode, Resolution | null>();
  readonly #resolving = new Set<TreeNode>();

  constructor(filePaths: Iterable<string>, links: Iterable<TreeLink>) {
    for (const path of filePaths) {
      this.#insert(path, {});
    }
    for (const link of links) {
      this.#insert(link.path, { link });
    }
  }

  /**
   * The links whose target is an existing file or directory of the tree, each before the links
   * its target passes through: node-tar will not create a link through an existing one.
   */
  linksInside(): TreeLink[] {
    const inside: Array<{ link: TreeLink; height: number }> = [];
    for (const node of this.#linkNodes(this.#root)) {
      const resolution = this.#resolve(node, 0);
      if (resolution) {
        inside.push({ link: node.link!, height: resolution.height });
      }
    }
    return inside.sort((a, b) => b.height - a.height).map(({ link }) => link);
  }

  *#linkNodes(directory: TreeNode): Generator<TreeNode> {
    for (const child of directory.children?.values() ?? []) {
      if (child.link) {
        yield child;
      }
      yield* this.#linkNodes(child);
    }
  }

  // A path that clashes with one inserted before (a duplicate, or a link where the tree also
  // has a directory) is left out: the link would not survive being written out.
  #insert(path: string, leaf: TreeNode): void {
    const names = path.split('/');
    let directory = this.#root;
    for (const name of names.slice(0, -1)) {
      let child = directory.children!.get(name);
      if (!child) {
        child = { parent: directory, children: new Map() };
        directory.children!.set(name, child);
      }
      if (!child.children) {
        return;
      }
      directory = child;
    }
    const name = names[names.length - 1];
    if (!directory.children!.has(name)) {
      directory.children!.set(name, { ...leaf, parent: directory });
    }
  }

  #resolve(linkNode: TreeNode, depth: number): Resolution | null {
    const known = this.#resolved.get(linkNode);
    if (known !== undefined) {
      return known;
    }
    // Deeper than the kernel follows. The failure is remembered for every link of the chain,
    // which is stricter than the kernel for a link in its middle but keeps the work linear.
    if (depth > MAX_LINK_HOPS) {
      return null;
    }
    if (this.#resolving.has(linkNode)) {
      this.#resolved.set(linkNode, null);
      return null;
    }
    this.#resolving.add(linkNode);
    const resolution = this.#follow(linkNode, depth);
    this.#resolving.delete(linkNode);
    this.#resolved.set(linkNode, resolution);
    return resolution;
  }

  #follow(linkNode: TreeNode, depth: number): Resolution | null {
    const target = linkNode.link!.target;
    if (!target || target.startsWith('/') || target.includes('\0')) {
      return null;
    }
    let current = linkNode.parent!;
    let hops = 1;
    let height = 1;
    const names = target.split('/');
    for (const [index, name] of names.entries()) {
      if (name === '' || name === '.') {
        continue;
      }
      if (name === '..') {
        if (!current.parent) {
          return null;
        }
        current = current.parent;
        continue;
      }
      let next = current.children!.get(name);
      if (next?.link) {
        const inner = this.#resolve(next, depth + 1);
        if (!inner || hops + inner.hops > MAX_LINK_HOPS) {
          return null;
        }
        hops += inner.hops;
        height = Math.max(height, inner.height + 1);
        next = inner.node;
      }
      const isLast = index === names.length - 1;
      if (!next || (!isLast && !next.children)) {
        return null;
      }
      current = next;
    }
    return { node: current, hops, height };
  }
}

/**
 * The links of a tree that stay inside it: their target, resolved through the tree's other
 * links, is an existing file or directory of the tree. Absolute targets, targets that climb
 * above the tree, dangling links and loops are left out. A link comes before the links its
 * target passes through, the order in which node-tar can write them.
 *
 * @param filePaths - the tree's regular and executable files
 */
export function linksInsideTree(
  filePaths: Iterable<string>,
  links: Iterable<TreeLink>,
): TreeLink[] {
  return new TreeLinkResolver(filePaths, links).linksInside();
}

/**
 * Removes the links at `linkPaths` (relative to `dir`) whose real path is outside `dir`, or
 * that cannot be resolved (missing target, loop). Repeats until none is removed, since removing
 * one can break another that led through it.
 */
export async function removeEscapingLinks(
  dir: string,
  linkPaths: string[],
): Promise<void> {
  const realDir = await fs.realpath(dir);
  let remaining = linkPaths.map(path => join(dir, path));
  let removed = true;
  while (removed) {
    removed = false;
    const kept: string[] = [];
    for (const linkPath of remaining) {
      const stat = await fs.lstat(linkPath).catch(() => undefined);
      if (!stat?.isSymbolicLink()) {
        continue;
      }
      const realPath = await fs.realpath(linkPath).catch(() => undefined);
      if (realPath && isChildPath(realDir, realPath)) {
        kept.push(linkPath);
      } else {
        await fs.unlink(linkPath);
        removed = true;
      }
    }
    remaining = kept;
  }
}
