import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  downloadedKind,
  mavenLocalRepo,
  isAssembled,
  localRepoPath,
  parseCollected,
  renderPom,
} from './assemble';
import { nodeLayout } from './paths';
import { createProgress, formatCount } from '../../platform/progress';

describe('renderPom', () => {
  it('depends on exactly cassandra-all at the requested version', () => {
    const pom = renderPom('5.0.9');
    expect(pom).toContain(
      '<groupId>org.apache.cassandra</groupId>\n      <artifactId>cassandra-all</artifactId>\n      <version>5.0.9</version>',
    );
    expect(pom.match(/<dependency>/g)).toHaveLength(1);
    expect(pom).toContain('<packaging>pom</packaging>');
  });
});

describe('parseCollected', () => {
  const output = [
    '',
    'The following files have been resolved:',
    '   org.apache.cassandra:cassandra-all:jar:5.0.9:compile -- module cassandra.all (auto)',
    '   io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.130.Final:compile',
    '   org.jboss.byteman:byteman:jar:4.0.20:provided',
    '   junit:junit:jar:4.12:test',
    '   com.github.jbellis:jamm:jar:0.4.0:runtime',
  ].join('\n');

  it('keeps compile and runtime artifacts with their classifiers', () => {
    expect(parseCollected(output)).toEqual([
      {
        groupId: 'org.apache.cassandra',
        artifactId: 'cassandra-all',
        type: 'jar',
        version: '5.0.9',
        scope: 'compile',
      },
      {
        groupId: 'io.netty',
        artifactId: 'netty-transport-native-epoll',
        type: 'jar',
        classifier: 'linux-x86_64',
        version: '4.1.130.Final',
        scope: 'compile',
      },
      {
        groupId: 'com.github.jbellis',
        artifactId: 'jamm',
        type: 'jar',
        version: '0.4.0',
        scope: 'runtime',
      },
    ]);
  });

  it('maps artifacts to their local repository file', () => {
    const [all, epoll] = parseCollected(output);
    expect(localRepoPath('/r', all!)).toBe(
      '/r/org/apache/cassandra/cassandra-all/5.0.9/cassandra-all-5.0.9.jar',
    );
    expect(localRepoPath('/r', epoll!)).toBe(
      '/r/io/netty/netty-transport-native-epoll/4.1.130.Final/netty-transport-native-epoll-4.1.130.Final-linux-x86_64.jar',
    );
  });
});

describe('downloadedKind', () => {
  it('recognises finished downloads of jars and poms in -B output', () => {
    expect(
      downloadedKind(
        '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/com/google/guava/guava/32.0.1-jre/guava-32.0.1-jre.jar (3.0 MB at 9 MB/s)',
      ),
    ).toBe('jar');
    expect(downloadedKind('Downloaded from central: https://x/y/z-1.pom (2 kB at 1 kB/s)')).toBe(
      'pom',
    );
    expect(
      downloadedKind('\u001b[1mDownloaded from central: https://x/y/z-1.jar\u001b[0m (2 kB)'),
    ).toBe('jar');
  });

  it('ignores downloads in progress and other files', () => {
    expect(downloadedKind('[INFO] Downloading from central: https://x/y/z-1.jar')).toBeUndefined();
    expect(
      downloadedKind('[INFO] Downloaded from central: https://x/y/maven-metadata.xml (1 kB)'),
    ).toBeUndefined();
  });
});

describe('isAssembled', () => {
  it('is true only once the marker exists (an interrupted download is redone)', () => {
    const layout = nodeLayout(mkdtempSync(join(tmpdir(), 'cn-mark-')), '5.0.9');
    mkdirSync(layout.libDir, { recursive: true });
    writeFileSync(join(layout.libDir, 'cassandra-all-5.0.9.jar'), '');
    expect(isAssembled(layout)).toBe(false);
    writeFileSync(layout.assembledMarker, 'done');
    expect(isAssembled(layout)).toBe(true);
  });
});

describe('progress lines', () => {
  it('formats counts like the brief', () => {
    expect(formatCount('cassandra', 37, 140, 'downloading', 'artifacts')).toBe(
      'cassandra: downloading 37/140 artifacts…',
    );
    expect(formatCount('cassandra', 12, undefined, 'resolving', 'poms')).toBe(
      'cassandra: resolving 12 poms…',
    );
  });

  it('throttles counted lines but always prints the first and the last', () => {
    const lines: string[] = [];
    let now = 0;
    const p = createProgress(
      'cassandra',
      (l) => lines.push(l),
      () => now,
    );
    p.count(0, 3, 'downloading', 'artifacts');
    now = 100;
    p.count(1, 3, 'downloading', 'artifacts'); // too soon: held back
    now = 2200;
    p.count(2, 3, 'downloading', 'artifacts'); // interval passed
    now = 2300;
    p.count(3, 3, 'downloading', 'artifacts'); // last: always
    p.done();
    expect(lines).toEqual([
      'cassandra: downloading 0/3 artifacts…',
      'cassandra: downloading 2/3 artifacts…',
      'cassandra: downloading 3/3 artifacts…',
    ]);
  });

  it('flushes a held-back count on done', () => {
    const lines: string[] = [];
    let now = 0;
    const p = createProgress(
      'cassandra',
      (l) => lines.push(l),
      () => now,
    );
    p.count(1, undefined, 'resolving', 'poms');
    now = 10;
    p.count(2, undefined, 'resolving', 'poms');
    p.done();
    expect(lines).toEqual(['cassandra: resolving 1 poms…', 'cassandra: resolving 2 poms…']);
  });
});

describe('mavenLocalRepo', () => {
  it('follows MAVEN_OPTS, then ~/.m2/settings.xml, then the default', () => {
    const home = mkdtempSync(join(tmpdir(), 'cn-home-'));
    expect(mavenLocalRepo({}, home)).toBe(join(home, '.m2', 'repository'));
    mkdirSync(join(home, '.m2'));
    writeFileSync(
      join(home, '.m2', 'settings.xml'),
      '<settings><localRepository>${user.home}/m2repo</localRepository></settings>',
    );
    expect(mavenLocalRepo({}, home)).toBe(join(home, 'm2repo'));
    expect(mavenLocalRepo({ MAVEN_OPTS: '-Xmx1g -Dmaven.repo.local=/ci/m2' }, home)).toBe('/ci/m2');
  });
});
