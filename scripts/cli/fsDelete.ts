/**
 * `spamgraph fs delete <view> <ids...>` — an admin's repair of bad online rows, e.g. a row
 * stamped in the future that newest-event-wins would otherwise keep: after it, a genuine
 * push of any event time lands again. The offline history is kept.
 */
import type { Command } from 'commander';
import type { CliIo } from './io';
import { withSpamFeatureStore } from '../../models';
import { loadConfig } from '../../platform/config';

/** `fs delete <view> <ids...>`: remove bad online rows (a future-stamped push, say). */
export function registerDelete(cmd: Command, io: CliIo): void {
  cmd
    .command('delete <view> <ids...>')
    .description(
      'delete the online rows of entities in a feature view (repair; offline history is kept)',
    )
    .action((view: string, ids: string[]) =>
      withSpamFeatureStore(loadConfig(), async (store) => {
        const r = await store.deleteOnline(view, ids);
        if (r.deleted.length > 0) {
          io.out(
            `fs: ${r.view}: deleted the online rows of ${r.deleted.length} entities: ${r.deleted.join(', ')}`,
          );
        }
        if (r.notFound.length > 0) {
          io.out(`fs: ${r.view}: no online row for ${r.notFound.join(', ')} (nothing to delete)`);
        }
      }),
    );
}
