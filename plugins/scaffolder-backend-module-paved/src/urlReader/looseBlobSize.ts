import fs from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';

// Enough deflated bytes to hold the object header ("blob <size>\0") even behind the largest
// dynamic Huffman table a zlib block can start with.
const HEADER_PEEK_BYTES = 1024;
const HEADER_PATTERN = /^blob (\d{1,15})\0/;

/**
 * The size of blob `oid` when it is stored as a loose object, read from the object's header
 * without inflating its content; `undefined` when it is not loose (packed, or in an alternate
 * object store) or the header cannot be read, so the caller has to measure it by loading it.
 *
 * @remarks
 *
 * isomorphic-git has no size lookup (it inflates the whole object for any read), but the
 * repositories `paved:publish:local` writes hold loose objects only, whose header is at the
 * start of the deflated file.
 */
export async function looseBlobSize(
  gitdir: string,
  oid: string,
): Promise<number | undefined> {
  const file = join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { buffer, bytesRead } = await handle.read({
      buffer: Buffer.alloc(HEADER_PEEK_BYTES),
      position: 0,
    });
    const header = zlib
      .inflateSync(buffer.subarray(0, bytesRead), {
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      })
      .subarray(0, 32)
      .toString('latin1');
    const match = HEADER_PATTERN.exec(header);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
