/**
 * The reliability plot of the model card: mean predicted spam probability against the share of
 * spam observed, one line per version through its non-empty bins, the diagonal of perfect
 * calibration, and the ECE of each version in the legend. Drawn as SVG text, rendered to PNG
 * with resvg (prebuilt binaries in its npm package, no native build).
 */
import { Resvg } from '@resvg/resvg-js';
import type { ModelVersion } from '../../models';
import type { ReliabilityBin } from './reliability';

/** One version's line. */
export interface PlotSeries {
  version: ModelVersion;
  expectedCalibrationError: number;
  bins: readonly ReliabilityBin[];
}

/** Canvas and the square plot area inside it, in pixels. */
export const PLOT_LAYOUT = {
  width: 800,
  height: 600,
  left: 80,
  top: 70,
  size: 450,
} as const;

/** Colours of the lines, in version order (matplotlib's tab10). */
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

const FONT = "font-family=\"'DejaVu Sans', 'Liberation Sans', Arial, sans-serif\"";

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Pixel position of a point (predicted, observed) in [0, 1]². */
export function plotPoint(predicted: number, observed: number): { x: number; y: number } {
  const { left, top, size } = PLOT_LAYOUT;
  return { x: r2(left + predicted * size), y: r2(top + (1 - observed) * size) };
}

/** The `points` attribute of a version's polyline: one point per non-empty bin. */
export function polylinePoints(bins: readonly ReliabilityBin[]): string {
  return bins
    .filter((b) => b.count > 0 && b.meanPredicted !== null && b.observedSpam !== null)
    .map((b) => plotPoint(b.meanPredicted!, b.observedSpam!))
    .map((p) => `${p.x},${p.y}`)
    .join(' ');
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Grid lines, ticks and tick labels at 0, 0.2, …, 1 on both axes, and the axis titles. */
function axes(): string[] {
  const { left, top, size } = PLOT_LAYOUT;
  const out: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    const { x } = plotPoint(v, 0);
    const { y } = plotPoint(0, v);
    const label = v.toFixed(1);
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + size}" stroke="#e5e5e5"/>`,
      `<line x1="${left}" y1="${y}" x2="${left + size}" y2="${y}" stroke="#e5e5e5"/>`,
      `<line x1="${x}" y1="${top + size}" x2="${x}" y2="${top + size + 6}" stroke="#333"/>`,
      `<line x1="${left - 6}" y1="${y}" x2="${left}" y2="${y}" stroke="#333"/>`,
      `<text x="${x}" y="${top + size + 22}" text-anchor="middle" font-size="13" ${FONT}>${label}</text>`,
      `<text x="${left - 10}" y="${y + 4}" text-anchor="end" font-size="13" ${FONT}>${label}</text>`,
    );
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333"/>`,
    `<text x="${left + size / 2}" y="${top + size + 50}" text-anchor="middle" font-size="15" ${FONT}>mean predicted spam probability (per bin)</text>`,
    `<text x="${left - 50}" y="${top + size / 2}" text-anchor="middle" font-size="15" ${FONT} transform="rotate(-90 ${left - 50} ${top + size / 2})">observed share of spam</text>`,
  );
  return out;
}

/** The legend beside the plot: perfect calibration, then each version with its ECE. */
function legend(series: readonly PlotSeries[]): string[] {
  const x = PLOT_LAYOUT.left + PLOT_LAYOUT.size + 30;
  const y0 = PLOT_LAYOUT.top + 10;
  const out = [
    `<line x1="${x}" y1="${y0}" x2="${x + 30}" y2="${y0}" stroke="#888" stroke-dasharray="6 4" stroke-width="1.5"/>`,
    `<text x="${x + 40}" y="${y0 + 5}" font-size="14" ${FONT}>perfect calibration</text>`,
  ];
  series.forEach((s, i) => {
    const y = y0 + 30 * (i + 1);
    const colour = COLOURS[i % COLOURS.length]!;
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${colour}" stroke-width="2.5"/>`,
      `<circle cx="${x + 15}" cy="${y}" r="4" fill="${colour}"/>`,
      `<text x="${x + 40}" y="${y + 5}" font-size="14" ${FONT}>${s.version} · ECE ${s.expectedCalibrationError.toFixed(3)}</text>`,
    );
  });
  const note = y0 + 30 * (series.length + 1) + 10;
  out.push(
    `<text x="${x}" y="${note}" font-size="12" fill="#555" ${FONT}>a point per non-empty bin of</text>`,
    `<text x="${x}" y="${note + 16}" font-size="12" fill="#555" ${FONT}>predicted probability (width 0.1);</text>`,
    `<text x="${x}" y="${note + 32}" font-size="12" fill="#555" ${FONT}>its area grows with the bin's rows</text>`,
  );
  return out;
}

/**
 * Marker radius of a bin: its area grows with the bin's rows, so the sparse middle bins (a
 * handful of messages each, hence their jumps) read as the small samples they are.
 */
export const markerRadius = (count: number, total: number): number =>
  r2(2.5 + 6.5 * Math.sqrt(count / Math.max(1, total)));

/** One version's polyline and a marker per non-empty bin. */
function seriesShapes(s: PlotSeries, colour: string): string[] {
  const filled = s.bins.filter((b) => b.count > 0 && b.meanPredicted !== null);
  const total = s.bins.reduce((sum, b) => sum + b.count, 0);
  const markers = filled.map((b) => {
    const { x, y } = plotPoint(b.meanPredicted!, b.observedSpam!);
    return `<circle cx="${x}" cy="${y}" r="${markerRadius(b.count, total)}" fill="${colour}" fill-opacity="0.85"/>`;
  });
  return [
    `<polyline data-version="${s.version}" points="${polylinePoints(s.bins)}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round"/>`,
    ...markers,
  ];
}

/** The whole plot as an SVG document; `nTest` goes into the title. */
export function reliabilitySvg(series: readonly PlotSeries[], nTest: number): string {
  const { width, height } = PLOT_LAYOUT;
  const diagonal = [plotPoint(0, 0), plotPoint(1, 1)];
  const title = `Reliability on the test split (${nTest.toLocaleString('en-US')} messages)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" font-size="20" font-weight="bold" ${FONT}>${escapeXml(title)}</text>`,
    ...axes(),
    `<line x1="${diagonal[0]!.x}" y1="${diagonal[0]!.y}" x2="${diagonal[1]!.x}" y2="${diagonal[1]!.y}" stroke="#888" stroke-dasharray="6 4" stroke-width="1.5"/>`,
    ...series.flatMap((s, i) => seriesShapes(s, COLOURS[i % COLOURS.length]!)),
    ...legend(series),
    '</svg>',
    '',
  ].join('\n');
}

/** Renders SVG text to PNG bytes at its own size, with the system's fonts. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
