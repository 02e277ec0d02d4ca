/**
 * The one typed configuration module: every setting comes from the environment (with
 * defaults), is validated once at start, and fails loudly with every problem listed.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';
import { parseConsistency, type CassandraConsistency } from './storage/consistencyConfig';
import { PREDICTION_CACHE_TTL_SECONDS } from './storage/predictions/predictionCache';

/** Repository root (this file lives in `<root>/platform` or `<root>/dist/platform`). */
export const REPO_ROOT = path.resolve(
  __dirname,
  path.basename(path.resolve(__dirname, '..')) === 'dist' ? '../..' : '..',
);

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const envSchema = z.object({
  STORAGE_BACKEND: z.enum(['sqlite', 'cassandra']).default('sqlite'),
  SQLITE_PATH: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, '.data', 'spamgraph.db')),
  CASSANDRA_CONTACT_POINTS: z.string().min(1).default('127.0.0.1:9042'),
  CASSANDRA_LOCAL_DC: z.string().min(1).default('datacenter1'),
  CASSANDRA_KEYSPACE: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/, 'letters, digits and _ only, starting with a letter')
    .default('spamgraph'),
  CASSANDRA_REPLICATION: z.string().min(1).default('1'),
  CASSANDRA_USERNAME: z.string().optional(),
  CASSANDRA_PASSWORD: z.string().optional(),
  CASSANDRA_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  ASTRA_DB_SECURE_BUNDLE_PATH: z.string().optional(),
  ASTRA_DB_APPLICATION_TOKEN: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  USER_DATA_PORT: port(4001),
  MODEL_PORT: port(4002),
  INBOX_PORT: port(4003),
  FEATURE_STORE_PORT: port(4004),
  FEATURE_SERVER_PORT: port(6566),
  USER_DATA_URL: z.url().optional(),
  MODEL_URL: z.url().optional(),
  INBOX_URL: z.url().optional(),
  FEATURE_STORE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'data')),
  // Which names are versions is the models library's knowledge: it validates this list.
  SPAM_MODEL_VERSIONS: z
    .string()
    .optional()
    .transform((raw) =>
      raw === undefined
        ? undefined
        : raw
            .split(',')
            .map((v) => v.trim().toUpperCase())
            .filter(Boolean),
    ),
  // The champion and the challenger: checked against the versions by the models library.
  SPAM_MODEL_DEFAULT: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw.trim().toUpperCase() : undefined)),
  SPAM_MODEL_CHALLENGER: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw.trim().toUpperCase() : undefined)),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  PREDICTION_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10 * 365 * 86_400)
    .default(PREDICTION_CACHE_TTL_SECONDS),
  // How far in the future a pushed feature row's event time may be (feature-store/README.md).
  FEATURE_MAX_FUTURE_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  NODE_ENV: z.string().optional(),
  // Abuse limits of the gateway (gateway/README.md); 0 turns a rate limit off.
  ALLOWED_HOSTS: z.string().optional(),
  GATEWAY_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  GATEWAY_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  GATEWAY_MAX_TOKENS: z.coerce.number().int().min(10).max(1_000_000).default(2000),
  GATEWAY_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(10),
  GATEWAY_MAX_COST: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  GATEWAY_RATE_PER_SECOND: z.coerce.number().min(0).max(10_000_000).default(1000),
  GATEWAY_RATE_BURST: z.coerce.number().int().min(1).max(100_000_000).default(5000),
  GATEWAY_RATE_HOLD_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  GATEWAY_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(4 * 1024 ** 2),
  GATEWAY_DEADLINE_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  GATEWAY_HEAVY_COST: z.coerce.number().int().min(1).max(10_000_000).default(100),
  GATEWAY_HEAVY_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  // Staying up (platform/http/README.md): lock waits and the shutdown's bounds.
  SQLITE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(750),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Secrets shared by the gateway and the subgraphs; required in production (platform/auth).
  SESSION_SECRET: z
    .string()
    .min(32, 'at least 32 characters (use `openssl rand -base64 48`)')
    .optional(),
  GATEWAY_SECRET: z
    .string()
    .min(32, 'at least 32 characters (use `openssl rand -base64 48`)')
    .optional(),
});

/** The gateway's abuse limits (`GATEWAY_*`); gateway/README.md says what each one guards. */
export interface GatewayLimits {
  /** Nesting of fields, fragments included (`GATEWAY_MAX_DEPTH`). */
  maxDepth: number;
  /** Aliased fields in one operation (`GATEWAY_MAX_ALIASES`). */
  maxAliases: number;
  /** Lexical tokens of the query text (`GATEWAY_MAX_TOKENS`). */
  maxTokens: number;
  /** Directives in one operation (`GATEWAY_MAX_DIRECTIVES`). */
  maxDirectives: number;
  /** Price of one operation in the gateway's cost model (`GATEWAY_MAX_COST`). */
  maxCost: number;
  /** Cost units each principal's bucket regains per second; 0 = no rate limit. */
  ratePerSecond: number;
  /** Cost units a full bucket holds (`GATEWAY_RATE_BURST`). */
  rateBurst: number;
  /** A 429 at the door is answered after up to this many ms (`GATEWAY_RATE_HOLD_MS`). */
  rateHoldMs: number;
  /** Largest response body, in bytes (`GATEWAY_MAX_RESPONSE_BYTES`). */
  maxResponseBytes: number;
  /** A request still running after this many ms is cancelled (`GATEWAY_DEADLINE_MS`). */
  deadlineMs: number;
  /** Operations costing this much or more are heavy (`GATEWAY_HEAVY_COST`). */
  heavyCost: number;
  /** Cost units of heavy operations running at once; others wait (`GATEWAY_HEAVY_IN_FLIGHT`). */
  heavyInFlight: number;
}

/** `ALLOWED_HOSTS`, or the local names plus `HOST`. */
function allowedHosts(raw: string | undefined, host: string): string[] {
  if (raw !== undefined && raw.trim()) {
    return raw
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
  }
  const local = ['localhost', '127.0.0.1', '::1'];
  return host === '0.0.0.0' || host === '::' || local.includes(host) ? local : [...local, host];
}

/** Cassandra replication, as given to `CREATE KEYSPACE … WITH replication = …`. */
export type Replication = Record<string, string | number>;

/** Validated settings of every service and command. */
export interface Config {
  storageBackend: 'sqlite' | 'cassandra';
  sqlitePath: string;
  cassandra: {
    contactPoints: string[];
    localDataCenter: string;
    keyspace: string;
    replication: Replication;
    username?: string;
    password?: string;
    /** Upper bound of requests in flight from one batched operation. */
    concurrency: number;
    astra?: { secureBundlePath: string; token: string };
    /** Levels per concern, serial level, speculative execution (`CASSANDRA_CONSISTENCY_*`). */
    consistency: CassandraConsistency;
  };
  host: string;
  ports: {
    gateway: number;
    userData: number;
    model: number;
    inbox: number;
    featureStore: number;
    featureServer: number;
  };
  /** Explicit subgraph URLs; when absent the gateway uses `http://HOST:PORT/graphql`. */
  subgraphUrls: Partial<Record<'user-data' | 'model' | 'inbox' | 'feature-store', string>>;
  dataDir: string;
  /**
   * Model versions the model subgraph serves (`SPAM_MODEL_VERSIONS`, upper-cased), not yet
   * checked against the known ones (`models/` does that); undefined = every version.
   */
  enabledModelVersions: string[] | undefined;
  /**
   * The version that answers when none is named (`SPAM_MODEL_DEFAULT`, upper-cased, checked by
   * `models/`); undefined = the newest enabled version. `models promote` overrides it.
   */
  defaultModelVersion: string | undefined;
  /**
   * The version that scores the champion's traffic in the shadow (`SPAM_MODEL_CHALLENGER`);
   * undefined = none. `models promote --challenger` overrides it.
   */
  challengerModelVersion: string | undefined;
  /** Take the caller's address from the first `X-Forwarded-For` hop (behind a trusted proxy). */
  trustProxy: boolean;
  /** How long a cached prediction is kept (entries also die when their artifact changes). */
  predictionCacheTtlSeconds: number;
  /** How far in the future (seconds) a pushed feature row's event time may be. */
  featureMaxFutureSkewSeconds: number;
  /** How long a write retries a SQLite file another connection holds locked. */
  sqliteLockTimeoutMs: number;
  /**
   * Shutdown bounds: in-flight requests get `graceMs` to finish; the whole shutdown (drain,
   * journal flush, storage close) is cut off at `timeoutMs` (exit code 1).
   */
  shutdown: { graceMs: number; timeoutMs: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** `NODE_ENV=production`: no introspection, no field suggestions, no development defaults. */
  production: boolean;
  /**
   * Host names the gateway answers (`ALLOWED_HOSTS`, comma-separated, `*` for any); default
   * `localhost`, `127.0.0.1`, `::1` and `HOST` when it names one interface.
   */
  allowedHosts: string[];
  /** What one request may ask of the gateway (gateway/README.md, "Abuse limits"). */
  gatewayLimits: GatewayLimits;
  /**
   * Signs session tokens (`SESSION_SECRET`) and gateway → subgraph requests (`GATEWAY_SECRET`);
   * undefined outside production means "a development secret" (platform/auth/secrets.ts).
   */
  secrets: { session: string | undefined; gateway: string | undefined };
}

/**
 * Parses `CASSANDRA_REPLICATION`: a replication factor (`3` → SimpleStrategy), a list of
 * data centers (`dc1:3,dc2:2` → NetworkTopologyStrategy) or a JSON object as CQL takes it.
 */
export function parseReplication(raw: string): Replication {
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const rf = Number(text);
    if (rf < 1) throw new ConfigError('CASSANDRA_REPLICATION: the replication factor must be ≥ 1');
    return { class: 'SimpleStrategy', replication_factor: rf };
  }
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError(`CASSANDRA_REPLICATION: not valid JSON: ${text}`);
    }
    const obj = z.record(z.string(), z.union([z.string(), z.number()])).safeParse(parsed);
    if (!obj.success || typeof obj.data.class !== 'string') {
      throw new ConfigError('CASSANDRA_REPLICATION: a JSON object with a "class" key is expected');
    }
    return obj.data;
  }
  const dcs: Replication = { class: 'NetworkTopologyStrategy' };
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m || !m[1] || !m[2]) {
      throw new ConfigError(
        `CASSANDRA_REPLICATION: "${raw}" is not a factor (3), a dc list (dc1:3,dc2:2) or JSON`,
      );
    }
    dcs[m[1]] = Number(m[2]);
  }
  return dcs;
}

/**
 * Reads and validates the configuration.
 *
 * @throws ConfigError listing every invalid variable at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration — ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const astraBundle = e.ASTRA_DB_SECURE_BUNDLE_PATH;
  if (astraBundle && !e.ASTRA_DB_APPLICATION_TOKEN) {
    throw new ConfigError(
      'ASTRA_DB_SECURE_BUNDLE_PATH is set but ASTRA_DB_APPLICATION_TOKEN is not',
    );
  }
  return {
    storageBackend: e.STORAGE_BACKEND,
    sqlitePath: path.resolve(e.SQLITE_PATH),
    cassandra: {
      contactPoints: e.CASSANDRA_CONTACT_POINTS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      localDataCenter: e.CASSANDRA_LOCAL_DC,
      keyspace: e.CASSANDRA_KEYSPACE,
      replication: parseReplication(e.CASSANDRA_REPLICATION),
      username: e.CASSANDRA_USERNAME,
      password: e.CASSANDRA_PASSWORD,
      concurrency: e.CASSANDRA_CONCURRENCY,
      consistency: parseConsistency(env, Boolean(astraBundle)),
      astra:
        astraBundle && e.ASTRA_DB_APPLICATION_TOKEN
          ? { secureBundlePath: path.resolve(astraBundle), token: e.ASTRA_DB_APPLICATION_TOKEN }
          : undefined,
    },
    host: e.HOST,
    ports: {
      gateway: e.GATEWAY_PORT,
      userData: e.USER_DATA_PORT,
      model: e.MODEL_PORT,
      inbox: e.INBOX_PORT,
      featureStore: e.FEATURE_STORE_PORT,
      featureServer: e.FEATURE_SERVER_PORT,
    },
    subgraphUrls: {
      'user-data': e.USER_DATA_URL,
      model: e.MODEL_URL,
      inbox: e.INBOX_URL,
      'feature-store': e.FEATURE_STORE_URL,
    },
    dataDir: path.resolve(e.DATA_DIR),
    enabledModelVersions: e.SPAM_MODEL_VERSIONS,
    defaultModelVersion: e.SPAM_MODEL_DEFAULT,
    challengerModelVersion: e.SPAM_MODEL_CHALLENGER,
    trustProxy: e.TRUST_PROXY,
    predictionCacheTtlSeconds: e.PREDICTION_CACHE_TTL_SECONDS,
    featureMaxFutureSkewSeconds: e.FEATURE_MAX_FUTURE_SKEW_SECONDS,
    sqliteLockTimeoutMs: e.SQLITE_LOCK_TIMEOUT_MS,
    shutdown: { graceMs: e.SHUTDOWN_GRACE_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    allowedHosts: allowedHosts(e.ALLOWED_HOSTS, e.HOST.toLowerCase()),
    gatewayLimits: {
      maxDepth: e.GATEWAY_MAX_DEPTH,
      maxAliases: e.GATEWAY_MAX_ALIASES,
      maxTokens: e.GATEWAY_MAX_TOKENS,
      maxDirectives: e.GATEWAY_MAX_DIRECTIVES,
      maxCost: e.GATEWAY_MAX_COST,
      ratePerSecond: e.GATEWAY_RATE_PER_SECOND,
      rateBurst: e.GATEWAY_RATE_BURST,
      rateHoldMs: e.GATEWAY_RATE_HOLD_MS,
      maxResponseBytes: e.GATEWAY_MAX_RESPONSE_BYTES,
      deadlineMs: e.GATEWAY_DEADLINE_MS,
      heavyCost: e.GATEWAY_HEAVY_COST,
      heavyInFlight: e.GATEWAY_HEAVY_IN_FLIGHT,
    },
    secrets: { session: e.SESSION_SECRET, gateway: e.GATEWAY_SECRET },
  };
}
