/**
 * The timeline's draw function on a recording 2-D context: busy buckets painted in their kind's
 * colour, empty ones left as background, sub-pixel buckets merged by pixel, the cursor drawn at
 * the selected event's time, and work bounded by pixels whatever the bucket count.
 */
import { describe, expect, it } from 'vitest';
import { type Canvas2D, type DrawStyle, type LaneData, type PixelImage, LEVELS, canvasHeight, drawLanes, hitTest, laneRows, tickStep } from '../../renderer/src/pages/replay/draw-lanes.ts';

class FakeContext implements Canvas2D {
  fillStyle: unknown = '';
  strokeStyle: unknown = '';
  lineWidth = 1;
  font = '';
  textBaseline: unknown = '';
  textAlign: unknown = '';
  put: { image: PixelImage; x: number; y: number } | null = null;
  calls = 0;
  lines: [number, number][] = [];
  texts: string[] = [];
  fillRect() { this.calls++; }
  clearRect() { this.calls++; }
  beginPath() { this.calls++; }
  rect() { this.calls++; }
  moveTo(x: number, y: number) { this.calls++; this.lines.push([x, y]); }
  lineTo() { this.calls++; }
  fill() { this.calls++; }
  stroke() { this.calls++; }
  save() {}
  restore() {}
  clip() {}
  setLineDash() {}
  fillText(t: string) { this.calls++; this.texts.push(t); }
  measureText(t: string) { return { width: t.length * 6 }; }
  createImageData(width: number, height: number): PixelImage { return { data: new Uint8ClampedArray(width * height * 4), width, height }; }
  putImageData(image: PixelImage, x: number, y: number) { this.calls++; this.put = { image, x, y }; }
  pixel(x: number, y: number): [number, number, number] {
    const p = this.put!;
    const i = ((y - p.y) * p.image.width + (x - p.x)) * 4;
    return [p.image.data[i]!, p.image.data[i + 1]!, p.image.data[i + 2]!];
  }
}

const style: DrawStyle = {
  background: '#ffffff', labelBackground: '#eeeeee', text: '#000000', muted: '#666666', grid: '#dddddd', cursor: '#0000ff', marker: '#aa6600',
  kindColors: ['#ff0000', '#00ff00'], font: '12px sans-serif', labelWidth: 100, axisHeight: 20, laneHeight: { host: 20, guest: 20, vcpu: 10 },
};
const extras = { cursorT: null, markers: [], fmtTime: (ns: number) => `${ns} ns` };

function lane(kind: LaneData['kind'], counts: number[], dominant: number[]): LaneData {
  return { kind, label: kind, counts, dominant };
}

describe('drawLanes', () => {
  it('paints a busy bucket in its kind’s colour and leaves empty buckets as background', () => {
    const ctx = new FakeContext();
    const lanes = [lane('host', [0, 10, 0, 0], [-1, 1, -1, -1])];
    const height = canvasHeight(lanes, style);
    drawLanes(ctx, { t0: 0, t1: 400, bucketNs: 100, lanes }, { t0: 0, t1: 400, width: 500, height }, style, extras);
    // the plot is 400 px wide: bucket 1 covers x 200–300 of the canvas; the lane's rows are y 21–38
    const [r, g, b] = ctx.pixel(250, 30);
    expect(g).toBe(255);
    expect(r).toBeLessThan(255);
    expect(b).toBeLessThan(255);
    expect(ctx.pixel(150, 30)).toEqual([255, 255, 255]);
    expect(ctx.pixel(350, 30)).toEqual([255, 255, 255]);
  });

  it('shows more events brighter (a log scale over the lanes of a kind)', () => {
    const ctx = new FakeContext();
    const lanes = [lane('guest', [1, 1000], [0, 0])];
    drawLanes(ctx, { t0: 0, t1: 200, bucketNs: 100, lanes }, { t0: 0, t1: 200, width: 300, height: canvasHeight(lanes, style) }, style, extras);
    const few = ctx.pixel(150, 30);
    const many = ctx.pixel(250, 30);
    expect(many[1]).toBeLessThan(few[1]); // red over white: less green means more colour
  });

  it('merges buckets narrower than a pixel, keeping the busiest bucket’s kind', () => {
    const ctx = new FakeContext();
    const counts = new Array<number>(4000).fill(0);
    const dominant = new Array<number>(4000).fill(-1);
    for (let i = 0; i < 40; i++) { counts[i] = i === 7 ? 50 : 1; dominant[i] = i === 7 ? 1 : 0; }
    const lanes = [lane('host', counts, dominant)];
    drawLanes(ctx, { t0: 0, t1: 4000, bucketNs: 1, lanes }, { t0: 0, t1: 4000, width: 140, height: canvasHeight(lanes, style) }, style, extras);
    // 40 px of plot for 4000 buckets: the first pixel column holds buckets 0–99, the busiest being kind 1
    expect(ctx.pixel(100, 30)[1]).toBe(255);
    expect(ctx.pixel(101, 30)).toEqual([255, 255, 255]);
  });

  it('does work bounded by pixels: as many canvas calls for 4000 buckets as for 40', () => {
    const calls = (buckets: number) => {
      const ctx = new FakeContext();
      const lanes = Array.from({ length: 33 }, (_, i) => lane(i === 0 ? 'host' : i < 9 ? 'guest' : 'vcpu', new Array<number>(buckets).fill(3), new Array<number>(buckets).fill(i % 2)));
      drawLanes(ctx, { t0: 0, t1: 1e9, bucketNs: 1e9 / buckets, lanes }, { t0: 0, t1: 1e9, width: 1100, height: canvasHeight(lanes, style) }, style, { ...extras, markers: [{ tNs: 5e8, label: 'm' }] });
      return ctx.calls;
    };
    expect(calls(4000)).toBe(calls(40));
  });

  it('draws the cursor at the selected event’s time and paints at the device pixel ratio', () => {
    const ctx = new FakeContext();
    const lanes = [lane('vcpu', [1], [0])];
    drawLanes(ctx, { t0: 0, t1: 100, bucketNs: 100, lanes }, { t0: 0, t1: 100, width: 200, height: canvasHeight(lanes, style), pixelRatio: 2 }, style, { ...extras, cursorT: 25 });
    expect(ctx.lines).toContainEqual([125.5, 0]);
    expect(ctx.put?.x).toBe(200);
    expect(ctx.put?.image.width).toBe(200);
  });

  it('says what is under the pointer', () => {
    const lanes = [lane('host', [0, 7], [-1, 1]), lane('vcpu', [2, 0], [0, -1])];
    const data = { t0: 0, t1: 200, bucketNs: 100, lanes };
    const view = { t0: 0, t1: 200, width: 300, height: canvasHeight(lanes, style) };
    const rows = laneRows(lanes, style);
    expect(hitTest(data, view, style, 250, rows[0]!.y + 5)).toEqual({ lane: 0, count: 7, kind: 1, tNs: 150 });
    expect(hitTest(data, view, style, 150, rows[1]!.y + 2)).toMatchObject({ lane: 1, count: 2, kind: 0 });
    expect(hitTest(data, view, style, 50, 30)).toBeNull();
  });

  it('spaces time ticks at 1, 2 or 5 × 10^k', () => {
    expect(tickStep(1e9, 10)).toBe(1e8);
    expect(tickStep(3e6, 10)).toBe(5e5);
    expect(tickStep(1000, 8)).toBe(200);
    expect(LEVELS).toBeGreaterThan(1);
  });
});
