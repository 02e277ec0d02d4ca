/** `spamgraph data import --from <csv>`: validate and keep a labeled dataset. */
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { DatasetInvalidError, importDataset } from '../../models';
import type { CliIo } from './io';

const SHOWN_PROBLEMS = 20;

export function registerData(program: Command, io: CliIo): void {
  const data = program.command('data').description('labeled datasets');
  data
    .command('import')
    .description('validate a labeled CSV (sms_id,text,label) and store it under DATA_DIR/imported/')
    .requiredOption('--from <csv>', 'the CSV file to import')
    .action((opts: { from: string }) => {
      const config = loadConfig();
      try {
        const m = importDataset(opts.from, config.dataDir);
        io.out(
          `data: imported ${m.rows} rows (${m.spam} spam, ${m.ham} ham) into ${config.dataDir}/imported/sms.csv`,
        );
      } catch (e) {
        if (e instanceof DatasetInvalidError) {
          for (const p of e.problems.slice(0, SHOWN_PROBLEMS))
            io.err(`${opts.from}:${p.line}: ${p.message}`);
          if (e.problems.length > SHOWN_PROBLEMS)
            io.err(`… and ${e.problems.length - SHOWN_PROBLEMS} more`);
        }
        throw e;
      }
    });
}
