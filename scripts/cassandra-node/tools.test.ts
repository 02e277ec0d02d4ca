import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DependencyMissingError } from '../../platform/errors';
import { assembleCassandra, isAssembled } from './assemble';
import { nodeLayout } from './paths';
import { createProgress } from '../../platform/progress';
import { findJava, findMaven, findOnPath, parseJavaMajor, requireSupportedJava } from './tools';

const EMPTY_PATH = { PATH: '/nonexistent-bin' };

function fakeTool(dir: string, name: string, script: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('missing tools', () => {
  it('reports a missing java with the tool name and how to install it', () => {
    let caught: unknown;
    try {
      findJava(EMPTY_PATH);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DependencyMissingError);
    expect((caught as DependencyMissingError).code).toBe('DEPENDENCY_MISSING');
    expect((caught as Error).message).toBe(
      'java not found (looked in PATH). Cassandra 5.0 needs Java 11 or 17: ' +
        'install them with `apt-get install openjdk-17-jre-headless maven`.',
    );
  });

  it('reports a missing mvn the same way', () => {
    expect(() => findMaven(EMPTY_PATH)).toThrow(DependencyMissingError);
    expect(() => findMaven(EMPTY_PATH)).toThrow(
      'mvn (Apache Maven) not found on PATH; it downloads Cassandra from Maven Central: ' +
        'install them with `apt-get install openjdk-17-jre-headless maven`.',
    );
  });

  it('fails the assembly before touching Maven when mvn is missing, and writes no marker', async () => {
    const layout = nodeLayout(mkdtempSync(join(tmpdir(), 'cn-asm-')), '5.0.9');
    const lines: string[] = [];
    await expect(
      assembleCassandra(
        layout,
        createProgress('cassandra', (l) => lines.push(l)),
        EMPTY_PATH,
      ),
    ).rejects.toThrow(DependencyMissingError);
    expect(isAssembled(layout)).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe('finding tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cn-tools-'));

  it('finds an executable on PATH and skips non-executable files', () => {
    const bin = join(dir, 'bin');
    fakeTool(bin, 'mvn', 'exit 0');
    writeFileSync(join(bin, 'java'), 'not executable');
    expect(findOnPath('mvn', `/nonexistent:${bin}`)).toBe(join(bin, 'mvn'));
    expect(findOnPath('java', bin)).toBeUndefined();
  });

  it('prefers JAVA_HOME/bin/java over PATH', () => {
    const home = join(dir, 'jdk');
    const java = fakeTool(join(home, 'bin'), 'java', 'exit 0');
    expect(findJava({ JAVA_HOME: home, PATH: '/usr/bin:/bin' })).toBe(java);
  });

  it('rejects a Java that Cassandra 5.0 cannot run on', () => {
    const home = join(dir, 'jdk21');
    fakeTool(join(home, 'bin'), 'java', `echo 'openjdk version "21.0.2" 2024-01-16' >&2`);
    expect(() => requireSupportedJava({ JAVA_HOME: home, PATH: '/usr/bin:/bin' })).toThrow(
      `${join(home, 'bin', 'java')} is Java 21, but Cassandra 5.0 runs only on Java 11 or 17`,
    );
  });

  it('accepts Java 17', () => {
    const home = join(dir, 'jdk17');
    const java = fakeTool(
      join(home, 'bin'),
      'java',
      `echo 'openjdk version "17.0.15" 2025-04-15' >&2`,
    );
    expect(requireSupportedJava({ JAVA_HOME: home, PATH: '/usr/bin:/bin' })).toEqual({
      java,
      major: 17,
    });
  });
});

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "11.0.22" 2024-01-16', 11],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
  ])('%s -> %d', (text, major) => {
    expect(parseJavaMajor(text)).toBe(major);
  });

  it('returns undefined for unrelated output', () => {
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });
});
