import {
  PLOT_LAYOUT,
  markerRadius,
  plotPoint,
  reliabilitySvg,
  renderPng,
  type PlotSeries,
} from './plot';
import type { ReliabilityBin } from './reliability';

const bin = (
  k: number,
  count: number,
  meanPredicted: number,
  observedSpam: number,
): ReliabilityBin => ({
  from: k / 10,
  to: (k + 1) / 10,
  count,
  meanPredicted,
  observedSpam,
});
const empty = (k: number): ReliabilityBin => ({
  from: k / 10,
  to: (k + 1) / 10,
  count: 0,
  meanPredicted: null,
  observedSpam: null,
});

const series: PlotSeries[] = [
  {
    version: 'V1',
    expectedCalibrationError: 0.02189,
    bins: [bin(0, 90, 0, 0), empty(1), bin(5, 4, 0.5, 0.25), bin(9, 6, 1, 1)],
  },
  {
    version: 'V4',
    expectedCalibrationError: 0.007824,
    bins: [bin(0, 80, 0.04, 0.02), bin(9, 20, 0.96, 0.95)],
  },
];

const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline data-version="(V\d)" points="([^"]*)"/g)].map((m) => [m[1], m[2]]);

describe('reliabilitySvg', () => {
  const svg = reliabilitySvg(series, 1691);

  it('draws one polyline per version through its non-empty bins, in plot coordinates', () => {
    const { left, top, size } = PLOT_LAYOUT;
    expect([left, top, size]).toEqual([80, 70, 450]);
    expect(polylines(svg)).toEqual([
      // (0, 0) is the bottom-left corner, (1, 1) the top-right one; the empty bin is skipped.
      ['V1', '80,520 305,407.5 530,70'],
      // x = 80 + 0.04 · 450, y = 70 + (1 − 0.02) · 450; x = 80 + 0.96 · 450, y = 70 + 0.05 · 450
      ['V4', '98,511 512,92.5'],
    ]);
  });

  it('marks each non-empty bin, its area growing with the bin’s rows', () => {
    expect(svg.match(/<circle cx="305" cy="407.5" r="([\d.]+)"/)?.[1]).toBe(
      String(markerRadius(4, 100)),
    );
    expect(markerRadius(0, 100)).toBe(2.5);
    expect(markerRadius(100, 100)).toBe(9);
    // 5 markers on the lines, one per version in the legend.
    expect(svg.match(/<circle /g)).toHaveLength(5 + 2);
  });

  it('has the title with n, the diagonal, axis labels, ticks and the legend with ECE', () => {
    expect(svg).toContain('>Reliability on the test split (1,691 messages)</text>');
    const [a, b] = [plotPoint(0, 0), plotPoint(1, 1)];
    expect(svg).toContain(`<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="#888"`);
    expect(svg).toContain('>mean predicted spam probability (per bin)</text>');
    expect(svg).toContain('>observed share of spam</text>');
    for (const tick of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']) {
      expect(svg.match(new RegExp(`>${tick.replace('.', '\\.')}</text>`, 'g'))).toHaveLength(2);
    }
    expect(svg).toContain('>V1 · ECE 0.022</text>');
    expect(svg).toContain('>V4 · ECE 0.008</text>');
    expect(svg).toContain('>perfect calibration</text>');
  });
});

describe('renderPng', () => {
  it('renders a PNG of the stated size', () => {
    const png = renderPng(reliabilitySvg(series, 1691));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 600]);
  });
});
