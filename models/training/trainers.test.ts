import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotFoundError } from '../../platform/errors';
import { availableVersions } from '../registry';
import { MODEL_TRAINERS, checkTrainSettings, trainModel, trainerOf } from './trainers';
import { trainV1 } from './trainV1';
import { trainV2, trainV3 } from './trainLstm';
import type { HistoricalSource } from './types';

describe('model trainers', () => {
  it('trains every version the registry loads, with its own trainer', () => {
    expect(Object.keys(MODEL_TRAINERS)).toEqual(availableVersions());
    expect(trainerOf('V1').train).toBe(trainV1);
    expect(trainerOf('V2').train).toBe(trainV2);
    expect(trainerOf('V3').train).toBe(trainV3);
    expect(Object.isFrozen(MODEL_TRAINERS)).toBe(true);
  });

  it('checks settings by each version rules before any data is read', () => {
    // V1 has no epochs: its trainer checks the seed only (the CLI refuses the epoch flags).
    expect(() => checkTrainSettings('V1', { seed: 3, epochs: 0 })).not.toThrow();
    expect(() => checkTrainSettings('V1', { seed: -3 })).toThrow(
      'seed must be an integer in [0, 4294967295], got -3',
    );
    expect(() => checkTrainSettings('V2', { epochs: 0 })).toThrow(
      'epochs must be a positive integer, got 0',
    );
    expect(() =>
      checkTrainSettings('V3', { validationFraction: 0, patience: 2 }, (p) => `${p.option}!`),
    ).toThrow('patience!');
  });

  it('routes trainModel to the version trainer', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spamgraph-trainers-'));
    try {
      const store: HistoricalSource = {
        getHistoricalFeatures: () => Promise.reject(new NotFoundError('no store here')),
      };
      await expect(trainModel('V1', { store, ids: [], outDir: dir })).rejects.toThrow(
        'no sms ids to train on',
      );
      const lines: string[] = [];
      const onProgress = (line: string) => lines.push(line);
      await expect(
        trainModel('V2', { store, ids: ['a'], outDir: dir, onProgress }),
      ).rejects.toThrow('no store here');
      expect(lines).toEqual([
        'models: V2: reading labeled_sms_2 as of 2020-07-02T00:00:00.000Z for 1 sms ids…',
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
