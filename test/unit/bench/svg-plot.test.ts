import { niceMax, plotSvg } from '../../../bench/svg-plot';

describe('plotSvg', () => {
  test('axes end at a round number at least the largest value', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(0.8)).toBe(1);
    expect(niceMax(13)).toBe(20);
    expect(niceMax(20_000)).toBe(20_000);
    expect(niceMax(37)).toBe(50);
  });

  test('one panel per measurement, one line per series, points placed on the scale from 0', () => {
    const svg = plotSvg('growth', [
      { title: 'cold apply', series: [{ name: 'kapstan', colour: '#c00', points: [[0, 0], [10_000, 5], [20_000, 10]] }, { name: 'kubectl', colour: '#00c', points: [[20_000, 20]] }] },
      { title: 'a <b>', series: [{ name: 'kapstan', colour: '#c00', points: [[1000, 1]] }] },
    ], { yLabel: 'seconds' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('a &lt;b&gt;');
    // Linear growth from the origin is a straight line: the middle point sits halfway along both axes.
    const pts = /<polyline[^>]*points="([^"]+)"/.exec(svg)![1].split(' ').map((p) => p.split(',').map(Number));
    expect(pts[1][0]).toBeCloseTo((pts[0][0] + pts[2][0]) / 2, 1);
    expect(pts[1][1]).toBeCloseTo((pts[0][1] + pts[2][1]) / 2, 1);
    // The legend names each series once.
    expect(svg.match(/>kapstan</g)).toHaveLength(1);
  });
});
