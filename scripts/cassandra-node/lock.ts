/**
 * A cross-process lock file, so two CLIs (or two tests) calling start at the same moment
 * cannot both spawn a node.
 *
 * @remarks
 * Created with O_EXCL and holding the owner's pid; a lock whose owner died is stale and taken
 * over. Within one process, callers queue on the same file.
 */
import { open, readFile, rm } from 'node:fs/promises';

import { CassandraNodeError } from './node-error';
import { isProcessAlive, sleep } from './process';

/**
 * Takes the lock, waiting while another live process holds it.
 *
 * @param lockFile - path of the lock file (its folder must exist)
 * @param timeoutMs - how long to wait for another holder
 * @returns a function that releases the lock
 * @throws CassandraNodeError when still held by a live process after `timeoutMs`
 */
export async function acquireLock(
  lockFile: string,
  timeoutMs: number,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    // Empty/garbled: the owner is between open and write, or died there; dead owner: stale.
    if (Number.isInteger(owner) && owner > 0 && !isProcessAlive(owner)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new CassandraNodeError(
        'STORAGE_UNAVAILABLE',
        `another process (pid ${owner || 'unknown'}) is starting the Cassandra node (lock ${lockFile}); ` +
          'wait for it, or delete the lock file if that process is gone',
      );
    }
    await sleep(250);
  }
}
