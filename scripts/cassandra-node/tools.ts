/**
 * Finds the external tools a node needs (java to run it, mvn to assemble it).
 *
 * @remarks
 * Lookups scan PATH ourselves instead of spawning `which`, so a missing tool gives one clear
 * {@link DependencyMissingError} instead of a bare ENOENT from `spawn`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { DependencyMissingError } from '../../platform/errors';

/** How to get both tools on Debian/Ubuntu, quoted in every "missing" message. */
export const INSTALL_HINT = 'install them with `apt-get install openjdk-17-jre-headless maven`';

/** Java feature releases Cassandra 5.0 supports. */
export const SUPPORTED_JAVA_MAJORS: readonly number[] = [11, 17];

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Looks `name` up on a PATH string, like the shell does.
 *
 * @param name - executable name, e.g. `java`
 * @param pathVar - the PATH to search (defaults to `process.env.PATH`)
 * @returns the absolute path of the first executable match, or `undefined`
 */
export function findOnPath(
  name: string,
  pathVar: string | undefined = process.env.PATH,
): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Resolves the `java` binary: `$JAVA_HOME/bin/java` when set (what Cassandra's own scripts
 * honour), else PATH.
 *
 * @param env - environment to read JAVA_HOME and PATH from
 * @throws DependencyMissingError when no java is found
 */
export function findJava(env: NodeJS.ProcessEnv = process.env): string {
  const javaHome = env.JAVA_HOME;
  if (javaHome) {
    const fromHome = join(javaHome, 'bin', 'java');
    if (isExecutableFile(fromHome)) return fromHome;
  }
  const found = findOnPath('java', env.PATH);
  if (found) return found;
  throw new DependencyMissingError(
    `java not found (looked in ${javaHome ? `JAVA_HOME=${javaHome} and ` : ''}PATH). ` +
      `Cassandra 5.0 needs Java 11 or 17: ${INSTALL_HINT}.`,
  );
}

/**
 * Resolves the `mvn` binary from PATH.
 *
 * @throws DependencyMissingError when Maven is not installed
 */
export function findMaven(env: NodeJS.ProcessEnv = process.env): string {
  const found = findOnPath('mvn', env.PATH);
  if (found) return found;
  throw new DependencyMissingError(
    `mvn (Apache Maven) not found on PATH; it downloads Cassandra from Maven Central: ${INSTALL_HINT}.`,
  );
}

/**
 * Reads the feature release from `java -version` output.
 *
 * @param versionOutput - stderr of `java -version`, e.g. `openjdk version "17.0.15" ...`
 * @returns 17 for `"17.0.15"`, 8 for `"1.8.0_392"`, undefined when unparseable
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m?.[1]) return undefined;
  const first = Number(m[1]);
  // Java 8 and older report themselves as 1.x.
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/**
 * Finds java and checks Cassandra 5.0 can run on it.
 *
 * @returns the java binary and its feature release
 * @throws DependencyMissingError when java is missing or not 11/17
 */
export function requireSupportedJava(env: NodeJS.ProcessEnv = process.env): {
  java: string;
  major: number;
} {
  const java = findJava(env);
  const out = spawnSync(java, ['-version'], { encoding: 'utf8', env });
  const major = parseJavaMajor(`${out.stderr ?? ''}${out.stdout ?? ''}`);
  if (major === undefined || !SUPPORTED_JAVA_MAJORS.includes(major)) {
    throw new DependencyMissingError(
      `${java} is Java ${major ?? 'of unknown version'}, but Cassandra 5.0 runs only on Java 11 or 17: ` +
        `${INSTALL_HINT}, then point JAVA_HOME at it.`,
    );
  }
  return { java, major };
}
