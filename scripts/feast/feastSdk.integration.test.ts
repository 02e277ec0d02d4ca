/**
 * Feast's own Python SDK (0.67, `online_store: {type: remote}`) against our Feast REST feature
 * server, on both backends, over the project's own definitions: a client repository written from
 * them (clientRepo.ts), `feast apply` for the SDK's local registry, then sdk_checks.py — online
 * reads (feature lists, services, full names, column entity rows), pushes and writes to the
 * online store, materialization from our offline Parquet, typed errors — asserting values and
 * pandas dtypes as the SDK gives them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FeatureStore } from '../../feature-store';
import { openSpamFeatureStore, spamRepo } from '../../models';
import { accountServiceOf } from '../../platform/auth/secrets';
import { listen, type Listening } from '../../platform/http/listen';
import { createLogger } from '../../platform/logger';
import { describeEachBackend } from '../../platform/testing/backends';
import { createFeatureServer } from '../../subgraphs/feature-store/rest/app';
import { writeClientRepo } from './clientRepo';
import { FEAST_VERSION } from './python';
import { describeWithFeast, runFeastPython, sdkReport, type SdkStep } from './testing';

const CHECKS = path.join(__dirname, 'sdk_checks.py');
const BIG = 9007199254740993n;

/** The step's result, failing with what the SDK raised when it raised. */
function ok<T>(step: SdkStep | undefined): T {
  if (!step) throw new Error('step missing from the report');
  if (step.error)
    throw new Error(`the SDK raised ${step.error.class}: ${step.error.message}\n${step.trace}`);
  return step.ok as T;
}

interface Described {
  columns: string[];
  values: Record<string, unknown[]>;
  dtypes: Record<string, string>;
}

describeWithFeast(`Feast ${FEAST_VERSION} SDK against our feature server`, () => {
  describeEachBackend('Feast SDK', (ctx) => {
    let server: Listening;
    let dir: string;
    let admin: Record<string, SdkStep>;
    let reader: Record<string, SdkStep>;

    beforeAll(async () => {
      const store = await openSpamFeatureStore(ctx.storage, ctx.config);
      await store.apply();
      const accounts = accountServiceOf(ctx.storage.accounts, ctx.config);
      const adminKey = (await accounts.createApiKey('feast-sdk-admin', 'admin')).key;
      const readerKey = (await accounts.createApiKey('feast-sdk-reader', 'user')).key;
      server = await listen(
        createFeatureServer(store, {
          logger: createLogger('test', 'silent'),
          health: () => ctx.storage.ping(),
          accounts,
        }),
        0,
      );
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spamgraph-feast-client-'));
      writeClientRepo(dir, spamRepo, {
        online: { type: 'remote', serverUrl: server.url, tokenEnvVar: 'SPAMGRAPH_TOKEN' },
        offlineRoot: FeatureStore.offlineRootOf(ctx.config.dataDir),
      });
      const applied = await runFeastPython(['apply'], { cwd: dir, bin: 'feast' });
      if (applied.code !== 0)
        throw new Error(`feast apply failed:\n${applied.stderr.slice(-2000)}`);
      admin = sdkReport(
        await runFeastPython([CHECKS, 'admin', server.url], {
          cwd: dir,
          env: { SPAMGRAPH_TOKEN: adminKey },
        }),
      );
      reader = sdkReport(
        await runFeastPython([CHECKS, 'reader', server.url], {
          cwd: dir,
          env: { SPAMGRAPH_TOKEN: readerKey },
        }),
      );
    }, 180_000);
    afterAll(async () => {
      await server?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes through write_to_online_store and push(to=ONLINE) (POST /write-to-online-store)', () => {
      expect(ok(admin.write_to_online_store)).toBe(true);
      expect(ok(admin.push_online)).toBe(true);
    });

    it('reads a feature list: values, NOT_FOUND as None, float64 and int64 dtypes', () => {
      const r = ok<Described>(admin.features_list);
      expect(r.columns).toEqual(['sms_id', 'cap_r', 'free', 'label']);
      expect(r.values).toEqual({
        sms_id: ['sdk1', 'sdk2', 'sdk-missing'],
        cap_r: [0, 1, null],
        free: [0, 1, null],
        label: [1, 0, null],
      });
      // With a missing entity pandas makes object columns; the typed values are checked below.
      expect(r.dtypes.sms_id).toBe('object');
    });

    it('reads a feature service in its declared order, with float64 columns typed float64', () => {
      const r = ok<Described>(admin.feature_service);
      expect(r.columns).toEqual([
        'sms_id',
        ...spamRepo.featureViews.find((v) => v.name === 'sms_features1')!.schema.map((f) => f.name),
        'label',
      ]);
      expect(r.values.cap_r).toEqual([0, 0.25]);
      expect(r.values.label).toEqual([1, null]);
      // 0.0 and 1.0 arrive as floats: the SDK types the column float64, not int64.
      expect(r.dtypes).toMatchObject({
        cap_r: 'float64',
        nal_r: 'float64',
        free: 'int64',
        cash: 'int64',
      });
    });

    it('full_feature_names gives view__feature names', () => {
      const r = ok<Described>(admin.full_feature_names);
      expect(r.columns).toEqual(['sms_id', 'sms_features1__cap_r', 'sms_labels__label']);
      expect(r.values).toEqual({
        sms_id: ['sdk2'],
        sms_features1__cap_r: [1],
        sms_labels__label: [0],
      });
      expect(r.dtypes).toMatchObject({
        sms_features1__cap_r: 'float64',
        sms_labels__label: 'int64',
      });
    });

    it('takes column-major entity rows', () => {
      const r = ok<Described>(admin.column_entity_rows);
      expect(r.values).toEqual({ sms_id: ['sdk2', 'sdk1'], label: [0, 1] });
    });

    it('keeps an int64 beyond 2^53 exact through push and read', () => {
      expect(ok(admin.int64_beyond_2_53)).toEqual({
        indices: [3, 70000, BIG],
        values: [1, 0.5, 0],
        exact: true,
      });
    });

    it("materializes from our offline Parquet into our online store (Feast's materialize)", () => {
      expect(ok(admin.materialize)).toEqual({ sms_id: ['sdk-mat1', 'sdk-mat2'], label: [1, 0] });
    });

    it("raises Feast's typed exceptions from our error bodies", () => {
      expect(admin.unknown_view?.error).toMatchObject({
        module: 'feast.errors',
        class: 'FeatureViewNotFoundException',
        message: expect.stringContaining('unknown feature view "nope"'),
      });
      expect(admin.unknown_service?.error).toMatchObject({
        class: 'FeatureServiceNotFoundException',
        message: expect.stringContaining('unknown feature service "ghost_service"'),
      });
      expect(admin.bad_entity?.error).toMatchObject({
        class: 'FeastError',
        message: 'entity keys must be 1–128 character strings',
      });
      expect(reader.reader_writes?.error).toMatchObject({
        class: 'FeastPermissionError',
        message: 'needs the admin role',
      });
      expect(ok(reader.reader_reads)).toEqual({ sms_id: ['sdk1'], label: [1] });
    });
  });
});
